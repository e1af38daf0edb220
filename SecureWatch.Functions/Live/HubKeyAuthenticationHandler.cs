using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Live;

/// <summary>
/// Authenticates connections to the live hub. Browsers cannot set headers on a WebSocket, so besides the
/// x-functions-key header the key is accepted where SignalR clients put an access token: the access_token query
/// parameter and the Authorization: Bearer header. Only the hub uses this scheme, so the rest of the API never
/// accepts a key in a URL.
/// </summary>
public sealed class HubKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HubKey";
    public const string QueryParameter = "access_token";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        return Task.FromResult(presented is null ? AuthenticateResult.NoResult() : registry.Authenticate(presented, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = $"send a valid API key in the {ApiKeyAuthenticationHandler.HeaderName} header, " +
                         $"as a bearer token or in the {QueryParameter} query parameter",
            },
        });
    }

    private string? PresentedKey()
    {
        if (Request.Headers[ApiKeyAuthenticationHandler.HeaderName] is [{ Length: > 0 } header])
        {
            return header;
        }

        if (Request.Headers.Authorization is [{ } authorization]
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && authorization.Length > BearerPrefix.Length)
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return Request.Query[QueryParameter] is [{ Length: > 0 } query] ? query : null;
    }
}
