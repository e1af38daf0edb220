using SecureWatch.Functions.Agents;
using SecureWatch.Functions.Alerts;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.LogStreams;

namespace SecureWatch.Functions.Extensions;

public static class ApiEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapSecureWatchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthApi();
        routes.MapDataSourcesApi();
        routes.MapWhitelistApi();
        routes.MapTrafficApi();
        routes.MapStatsApi();
        routes.MapResponsesApi();
        routes.MapAlertsApi();
        routes.MapAgentsApi();
        routes.MapLogSubscriptionsApi();
        return routes;
    }
}
