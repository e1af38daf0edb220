using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Live;

/// <summary>
/// Authenticates connections to the live hub by a <see cref="LiveAccessTokens"/> token, where SignalR clients put
/// one: the Authorization: Bearer header or, for browser WebSockets and server-sent events, the access_token query
/// parameter. API keys are not accepted here, so no client has a reason to put one in a URL.
/// </summary>
public sealed class HubTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LiveAccessTokens tokens,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HubToken";
    public const string QueryParameter = "access_token";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedToken() is not { } token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!tokens.TryValidate(token, out var name, out var role))
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid or expired hub access token"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
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
                Detail = $"POST {LiveNegotiateEndpoint.Path} with an API key in the {ApiKeyAuthenticationHandler.HeaderName} header " +
                         $"and connect with the access token it returns, as a bearer token or in the {QueryParameter} query parameter; " +
                         "API keys are not accepted here",
            },
        });
    }

    private string? PresentedToken()
    {
        if (Request.Headers.Authorization is [{ } authorization]
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && authorization.Length > BearerPrefix.Length)
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return Request.Query[QueryParameter] is [{ Length: > 0 } query] ? query : null;
    }
}
