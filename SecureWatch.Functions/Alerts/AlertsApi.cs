using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SecureWatch.Core.Alerts;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Alerts;

/// <summary>The alert queue: everyone with a key reads it; analysts and admins triage it.</summary>
public static class AlertsApi
{
    public const int MaxBulkIds = 500;

    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/alerts").WithTags("Alerts");
        group.MapGet("/", ListAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapGet("/{id:long}", GetAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapPatch("/{id:long}", ChangeAsync).RequireAuthorization(ApiRoles.Analyst);
        group.MapPost("/bulk", BulkAsync).RequireAuthorization(ApiRoles.Analyst);
        return group;
    }

    private static async Task<Results<Ok<AlertPageResponse>, ValidationProblem>> ListAsync(
        HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!AlertQuery.TryParse(request.Query, out var filter, out var field, out var reason))
        {
            return ApiProblems.Invalid(field, reason);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var page = new NpgsqlCommand { Connection = connection };
        var conditions = AlertFilterSql.PageConditions(filter, page);
        page.Parameters.Add(new NpgsqlParameter { Value = filter.Limit + 1 });
        page.CommandText = $"SELECT {AlertReadModel.SummaryColumns} FROM alerts a WHERE {string.Join(" AND ", conditions)} " +
            $"ORDER BY {AlertFilterSql.OrderBy(filter)} LIMIT ${page.Parameters.Count}";
        var rows = await AlertReadModel.ReadAllAsync(page, cancellationToken);

        string? next = null;
        if (rows.Count > filter.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = new AlertCursor(filter.BySeverity ? AlertSeverities.Rank(last.Severity) : 0, last.LastSeen, last.Id).Encode();
        }

        await using var counts = new NpgsqlCommand { Connection = connection };
        counts.CommandText = "SELECT a.status, count(*) FROM alerts a WHERE " +
            $"{string.Join(" AND ", AlertFilterSql.Conditions(filter, counts))} GROUP BY a.status";
        var byStatus = AlertStatuses.All.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        await using (var reader = await counts.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byStatus[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return TypedResults.Ok(new AlertPageResponse(rows, next, byStatus));
    }

    private static async Task<Results<Ok<AlertDetailResponse>, ProblemHttpResult>> GetAsync(
        long id, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var detail = await AlertDetails.LoadAsync(connection, id, cancellationToken);
        return detail is null ? Missing(id) : TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<AlertSummaryResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        long id, AlertChangeRequest request, NpgsqlDataSource dataSource, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!AlertTransitions.TryValidate(request.Status, request.Resolution, request.Assignee, request.Note, out var field, out var reason))
        {
            return ApiProblems.Invalid(field, reason);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await AlertTriage.ApplyAsync(connection, transaction, id, request, ApiActor.Of(user), cancellationToken);
        if (!outcome.IsApplied)
        {
            return outcome.IsMissing ? Missing(id) : ApiProblems.Conflict(outcome.Reason!);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await AlertDetails.SummariesAsync(connection, [id], cancellationToken))[0]);
    }

    private static async Task<Results<Ok<AlertBulkResponse>, ValidationProblem, ProblemHttpResult>> BulkAsync(
        AlertBulkRequest request, NpgsqlDataSource dataSource, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.Ids is not { Count: > 0 and <= MaxBulkIds } ids)
        {
            return ApiProblems.Invalid("ids", $"1 to {MaxBulkIds} alert ids");
        }

        if (request.Status is null)
        {
            return ApiProblems.Invalid("status", $"one of {string.Join(", ", AlertStatuses.All)}");
        }

        if (!AlertTransitions.TryValidate(request.Status, request.Resolution, null, request.Note, out var field, out var reason))
        {
            return ApiProblems.Invalid(field, reason);
        }

        // All or none: every refusal is reported, and nothing is written unless every alert can change. Rows are
        // locked in id order so that concurrent bulk changes cannot deadlock.
        var change = new AlertChangeRequest(request.Status, request.Resolution, null, request.Note);
        var distinct = ids.Distinct().Order().ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var refusals = new List<string>();
        foreach (var id in distinct)
        {
            var outcome = await AlertTriage.ApplyAsync(connection, transaction, id, change, ApiActor.Of(user), cancellationToken);
            if (!outcome.IsApplied)
            {
                refusals.Add(outcome.IsMissing ? $"alert {id} does not exist" : outcome.Reason!);
            }
        }

        if (refusals.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return ApiProblems.Conflict($"no alert was changed: {string.Join("; ", refusals)}");
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new AlertBulkResponse(distinct.Count, await AlertDetails.SummariesAsync(connection, distinct, cancellationToken)));
    }

    private static ProblemHttpResult Missing(long id) => ApiProblems.NotFound($"alert {id} does not exist");
}
