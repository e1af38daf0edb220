using Microsoft.AspNetCore.Authorization;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Extensions;

public static class LiveEndpointRouteBuilderExtensions
{
    /// <summary>Maps /api/negotiate and the hub at /api/live; any key that may read may listen.</summary>
    public static IEndpointRouteBuilder MapSecureWatchLive(this IEndpointRouteBuilder routes)
    {
        var readers = new AuthorizationPolicyBuilder(HubTokenAuthenticationHandler.SchemeName)
            .RequireRole([.. ApiRoles.Readers])
            .Build();
        routes.MapLiveNegotiate();
        routes.MapHub<LiveHub>(LiveHub.Path).RequireAuthorization(readers);
        return routes;
    }
}
