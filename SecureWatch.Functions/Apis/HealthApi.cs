using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Apis;

public static class HealthApi
{
    private static readonly TimeSpan DatabaseProbeTimeout = TimeSpan.FromSeconds(2);

    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/health", GetAsync).AllowAnonymous().WithTags("Health");

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetAsync(
        NpgsqlDataSource dataSource, WhitelistMatcher whitelist, DatabaseChangeListener changes, KafkaPipelineService kafka,
        PredictionRelayStatus relay,
        CancellationToken cancellationToken)
    {
        var database = await ProbeDatabaseAsync(dataSource, cancellationToken);
        var whitelistStatus = new WhitelistHealth(changes.Ready.IsCompleted ? "loaded" : "loading", whitelist.Current.EntryCount);
        var kafkaStatus = kafka.Health();
        var up = database.Status == "up" && changes.Ready.IsCompleted && kafkaStatus.Status != "failed";

        // A source retrying a batch stores nothing after it: not healthy, though the instance itself is up.
        var status = !up ? "unhealthy" : kafkaStatus.Status == "degraded" ? "degraded" : "healthy";
        var report = new HealthReport(status, database, whitelistStatus, kafkaStatus, relay.Snapshot());
        return status == "healthy"
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<ComponentHealth> ProbeDatabaseAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DatabaseProbeTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return new ComponentHealth("up", Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1), null);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ComponentHealth("down", null, ex is OperationCanceledException ? "timed out" : ex.Message);
        }
    }
}
