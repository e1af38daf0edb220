using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Live;

/// <summary>
/// POST /api/negotiate, where the Azure Functions negotiate function answers too: a caller authenticated by its API
/// key in the x-functions-key header gets the hub's address and a short-lived access token for it, or 429 when
/// the key already holds as many live connections as it may.
/// </summary>
public static class LiveNegotiateEndpoint
{
    public const string Path = "/api/negotiate";

    public static IEndpointRouteBuilder MapLiveNegotiate(this IEndpointRouteBuilder routes)
    {
        var readers = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRole([.. ApiRoles.Readers])
            .Build();
        routes.MapPost(Path, Negotiate).RequireAuthorization(readers).ExcludeFromDescription();
        return routes;
    }

    private static Results<Ok<LiveNegotiateResponse>, ProblemHttpResult> Negotiate(
        HttpContext context, ClaimsPrincipal user, LiveAccessTokens tokens, LiveConnections connections)
    {
        var name = ApiActor.Of(user);
        if (!connections.HasRoomFor(name))
        {
            return TypedResults.Problem(connections.LimitReason, statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Connections");
        }

        var role = user.IsInRole(ApiRoles.Admin) ? ApiRoles.Admin : ApiRoles.Reader;
        // Absolute, because the SignalR clients follow a redirect only to an absolute address.
        var hub = UriHelper.BuildAbsolute(context.Request.Scheme, context.Request.Host, context.Request.PathBase, LiveHub.Path);
        return TypedResults.Ok(new LiveNegotiateResponse(hub, tokens.Issue(name, role)));
    }
}
