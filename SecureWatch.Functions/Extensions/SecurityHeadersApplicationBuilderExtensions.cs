using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Extensions;

public static class SecurityHeadersApplicationBuilderExtensions
{
    /// <summary>Registered first, so that answers from every later middleware (errors included) carry the headers.</summary>
    public static IApplicationBuilder UseSecureWatchSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();
}
