using Microsoft.AspNetCore.Authorization;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Extensions;

public static class LiveEndpointRouteBuilderExtensions
{
    /// <summary>Maps the hub at /api (negotiate at /api/negotiate); any reader or admin key may listen.</summary>
    public static IEndpointRouteBuilder MapSecureWatchLive(this IEndpointRouteBuilder routes)
    {
        var readers = new AuthorizationPolicyBuilder(HubKeyAuthenticationHandler.SchemeName)
            .RequireRole(ApiRoles.Reader, ApiRoles.Admin)
            .Build();
        routes.MapHub<LiveHub>(LiveHub.Path).RequireAuthorization(readers);
        return routes;
    }
}
