using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Apis;

public static class StatsApi
{
    public static RouteHandlerBuilder MapStatsApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/stats", GetAsync).WithTags("Statistics").RequireAuthorization(ApiRoles.Reader);

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> GetAsync(
        HttpRequest request, SecureWatchDbContext db, IDeadLetterStatistics deadLetters, TimeProvider clock,
        ApiReadTimeout readTimeout, CancellationToken cancellationToken)
    {
        foreach (var key in request.Query.Keys)
        {
            if (key != "window")
            {
                return ApiProblems.Invalid(key, "unknown parameter; the only parameter is window");
            }
        }

        var windowText = request.Query["window"];
        if (windowText.Count > 1)
        {
            return ApiProblems.Invalid("window", "given more than once");
        }

        var text = windowText.Count == 0 ? StatsWindow.Default : windowText[0];
        if (!StatsWindow.TryParse(text, out var window, out var reason))
        {
            return ApiProblems.Invalid("window", reason);
        }

        await using var read = await readTimeout.BeginAsync(db, cancellationToken);
        var until = clock.GetUtcNow();
        var since = until - window;
        var groups = await db.Traffic.AsNoTracking()
            .Where(t => t.ReceivedAt >= since && t.ReceivedAt < until)
            .GroupBy(t => new { t.DataSource, t.Category, t.IsAttack })
            .Select(g => new { g.Key.DataSource, g.Key.Category, g.Key.IsAttack, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        var bySource = new SortedDictionary<string, SourceStatsResponse>(StringComparer.Ordinal);
        var byCategory = AttackCategoryNames.All.ToDictionary(name => name, _ => 0L);
        long total = 0, attacks = 0;
        foreach (var group in groups)
        {
            var attackCount = group.IsAttack ? group.Count : 0;
            total += group.Count;
            attacks += attackCount;
            byCategory[group.Category] = byCategory.GetValueOrDefault(group.Category) + group.Count;
            var source = bySource.GetValueOrDefault(group.DataSource) ?? new SourceStatsResponse(0, 0);
            bySource[group.DataSource] = new SourceStatsResponse(source.Total + group.Count, source.Attacks + attackCount);
        }

        return TypedResults.Ok(new StatsResponse(
            text!, since, until, total, attacks, bySource, byCategory,
            new SortedDictionary<string, long>(deadLetters.CountsByReason.ToDictionary(), StringComparer.Ordinal)));
    }
}
