using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Apis;

public static class TrafficApi
{
    public static RouteGroupBuilder MapTrafficApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/traffic").WithTags("Traffic").RequireAuthorization(ApiRoles.Reader);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        return group;
    }

    private static async Task<Results<Ok<TrafficPageResponse>, ValidationProblem>> ListAsync(
        HttpRequest request, SecureWatchDbContext db, ApiReadTimeout readTimeout, CancellationToken cancellationToken)
    {
        if (!TrafficQuery.TryParse(request.Query, out var filter, out var field, out var reason))
        {
            return ApiProblems.Invalid(field, reason);
        }

        await using var read = await readTimeout.BeginAsync(db, cancellationToken);

        var rows = await Filter(db.Traffic.AsNoTracking(), filter)
            .OrderByDescending(t => t.ReceivedAt).ThenByDescending(t => t.Id)
            .Take(filter.Limit + 1)
            .Select(t => new TrafficSummaryResponse(
                t.Id,
                t.EventId,
                t.ReceivedAt,
                t.ObservedAt,
                t.DataSource,
                Format(t.SenderIp),
                new TrafficFlowResponse(Format(t.SrcIp), Format(t.DstIp), t.SrcPort, t.DstPort, t.Protocol),
                t.FeatureSet,
                new TrafficPredictionResponse(t.IsAttack, t.AttackProbability, t.Category, t.ModelVersion),
                t.ResponseAction))
            .ToListAsync(cancellationToken);

        // One row more than asked tells whether another page exists without a count query.
        string? next = null;
        if (rows.Count > filter.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = new TrafficCursor(rows[^1].ReceivedAt, rows[^1].Id).Encode();
        }

        return TypedResults.Ok(new TrafficPageResponse(rows, next));
    }

    private static async Task<Results<Ok<TrafficDetailResponse>, ProblemHttpResult>> GetAsync(
        long id, SecureWatchDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var row = await db.Traffic.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound($"traffic record {id} does not exist (or is older than the retention period)");
        }

        var detail = new TrafficDetailResponse(
            row.Id,
            row.EventId,
            row.ReceivedAt,
            row.ObservedAt,
            row.DataSource,
            Format(row.SenderIp),
            new TrafficFlowResponse(Format(row.SrcIp), Format(row.DstIp), row.SrcPort, row.DstPort, row.Protocol),
            row.FeatureSet,
            JsonNode.Parse(row.Features)!.AsObject(),
            new TrafficPredictionResponse(row.IsAttack, row.AttackProbability, row.Category, row.ModelVersion),
            row.ResponseAction,
            row is { KafkaTopic: { } topic, KafkaPartition: { } partition, KafkaOffset: { } offset }
                ? new TrafficKafkaPosition(topic, partition, offset)
                : null)
        {
            Actions = await LoadActionsAsync(dataSource, id, cancellationToken),
            Explanation = TrafficExplanationResponse.FromStored(row.Explanation),
        };
        return TypedResults.Ok(detail);
    }

    private static IQueryable<ScoredTraffic> Filter(IQueryable<ScoredTraffic> rows, TrafficQuery filter)
    {
        if (filter.DataSource is { } source)
        {
            rows = rows.Where(t => t.DataSource == source);
        }

        if (filter.IsAttack is { } isAttack)
        {
            rows = rows.Where(t => t.IsAttack == isAttack);
        }

        if (filter.Category is { } category)
        {
            rows = rows.Where(t => t.Category == category);
        }

        if (filter.SenderNetwork is { } network)
        {
            rows = filter.SenderNetworkMapped is { } mapped
                ? rows.Where(t => t.SenderIp != null
                    && (EF.Functions.ContainedByOrEqual(t.SenderIp, network) || EF.Functions.ContainedByOrEqual(t.SenderIp, mapped)))
                : rows.Where(t => t.SenderIp != null && EF.Functions.ContainedByOrEqual(t.SenderIp, network));
        }

        if (filter.Since is { } since)
        {
            rows = rows.Where(t => t.ReceivedAt >= since);
        }

        if (filter.Until is { } until)
        {
            rows = rows.Where(t => t.ReceivedAt < until);
        }

        if (filter.Cursor is { } cursor)
        {
            rows = rows.Where(t => t.ReceivedAt < cursor.ReceivedAt || (t.ReceivedAt == cursor.ReceivedAt && t.Id < cursor.Id));
        }

        return rows;
    }

    /// <summary>The self-healing decisions the pipeline recorded for the record, oldest first.</summary>
    private static async Task<IReadOnlyList<JsonElement>> LoadActionsAsync(
        NpgsqlDataSource dataSource, long trafficId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            "SELECT jsonb_build_object('id', id, 'decided_at', decided_at, 'rule_id', rule_id, 'action', action, " +
            "'target', target, 'dry_run', dry_run, 'expires_at', expires_at, 'undone_at', undone_at, 'undone_by', undone_by)::text " +
            "FROM response_actions WHERE traffic_id = $1 ORDER BY decided_at", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = trafficId });
        var actions = new List<JsonElement>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actions.Add(JsonElement.Parse(reader.GetString(0)));
        }

        return actions;
    }

    private static string? Format(IPAddress? address) => address?.ToString();
}
