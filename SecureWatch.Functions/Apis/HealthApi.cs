using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.LogStreams;
using SecureWatch.Functions.Pipeline;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Apis;

/// <summary>Anonymous callers (load balancers, probes) get the overall state; reader and admin keys get the details.</summary>
public static class HealthApi
{
    private static readonly TimeSpan DatabaseProbeTimeout = TimeSpan.FromSeconds(2);

    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/health", GetAsync).AllowAnonymous().WithTags("Health");

    private static async Task<Results<JsonHttpResult<HealthReport>, JsonHttpResult<HealthSummary>>> GetAsync(
        NpgsqlDataSource dataSource, WhitelistMatcher whitelist, DatabaseChangeListener changes, KafkaPipelineService kafka,
        PredictionRelayStatus relay, LogStreamService logs, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var database = await ProbeDatabaseAsync(dataSource, cancellationToken);
        var whitelistStatus = new WhitelistHealth(changes.Ready.IsCompleted ? "loaded" : "loading", whitelist.Current.EntryCount);
        var kafkaStatus = kafka.Health();
        var up = database.Status == "up" && changes.Ready.IsCompleted && kafkaStatus.Status != "failed";

        // A source retrying a batch stores nothing after it: not up, though the instance itself runs.
        var status = !up ? HealthStatus.Down : kafkaStatus.Status == HealthStatus.Degraded ? HealthStatus.Degraded : HealthStatus.Up;
        var statusCode = status == HealthStatus.Up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (!(user.IsInRole(ApiRoles.Reader) || user.IsInRole(ApiRoles.Admin)))
        {
            return TypedResults.Json(new HealthSummary(status), statusCode: statusCode);
        }

        var report = new HealthReport(status, database, whitelistStatus, kafkaStatus, relay.Snapshot(), logs.Health());
        return TypedResults.Json(report, statusCode: statusCode);
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
