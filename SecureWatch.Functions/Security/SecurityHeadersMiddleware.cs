namespace SecureWatch.Functions.Security;

/// <summary>
/// Adds the browser hardening headers to every answer: the UI, API results and problems alike. They are written when
/// the response starts, because the exception handler clears headers set earlier before it writes its problem.
/// </summary>
/// <remarks>
/// The UI loads only its own scripts and styles (no inline code), so 'self' suffices; SignalR needs WebSockets.
/// </remarks>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public const string ReferrerPolicyHeader = "Referrer-Policy";

    /// <summary>API answers hold traffic, keys' roles and configuration: no browser or proxy may keep them.</summary>
    public static readonly PathString ApiPath = new("/api");

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers[ReferrerPolicyHeader] = "no-referrer";
            if (http.Request.Path.StartsWithSegments(ApiPath))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
