using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Live;

/// <summary>
/// POST /api/negotiate, where the Azure Functions negotiate function answers too: a caller authenticated by its API
/// key in the x-functions-key header gets the hub's address and a short-lived access token for it.
/// </summary>
public static class LiveNegotiateEndpoint
{
    public const string Path = "/api/negotiate";

    public static IEndpointRouteBuilder MapLiveNegotiate(this IEndpointRouteBuilder routes)
    {
        var readers = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRole(ApiRoles.Reader, ApiRoles.Admin)
            .Build();
        routes.MapPost(Path, Negotiate).RequireAuthorization(readers).ExcludeFromDescription();
        return routes;
    }

    private static Ok<LiveNegotiateResponse> Negotiate(HttpContext context, ClaimsPrincipal user, LiveAccessTokens tokens)
    {
        var name = ApiActor.Of(user);
        var role = user.IsInRole(ApiRoles.Admin) ? ApiRoles.Admin : ApiRoles.Reader;
        // Absolute, because the SignalR clients follow a redirect only to an absolute address.
        var hub = UriHelper.BuildAbsolute(context.Request.Scheme, context.Request.Host, context.Request.PathBase, LiveHub.Path);
        return TypedResults.Ok(new LiveNegotiateResponse(hub, tokens.Issue(name, role)));
    }
}
