using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// Self-healing decisions: list them, undo an applied one, and publish the blocked sources as a plain-text list
/// (one address per line), the format firewalls poll as an external block list. SecureWatch keeps scoring and
/// storing records from blocked sources: dropping them would hide what an attacker does next.
/// </summary>
public static class ResponsesApi
{
    private const string Entity = "response_actions";
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapResponsesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/responses").WithTags("Self-healing responses");
        group.MapGet("/", ListAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapGet("/blocklist", BlocklistAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapPost("/{id:guid}/undo", UndoAsync).RequireAuthorization(ApiRoles.Admin);
        return group;
    }

    /// <param name="inForce">true: only applied blocks, rate limits and quarantines not undone and not expired.</param>
    private static async Task<Results<Ok<List<ResponseActionEntry>>, ValidationProblem>> ListAsync(
        SecureWatchDbContext db, [FromQuery] int? limit, [FromQuery(Name = "in_force")] bool? inForce, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {MaxLimit}");
        }

        var query = db.Set<ResponseActionEntry>().AsNoTracking();
        if (inForce == true)
        {
            query = InForce(query);
        }

        var entries = await query
            .OrderByDescending(e => e.DecidedAt).ThenBy(e => e.Id)
            .Take(limit ?? 100)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(entries);
    }

    private static async Task<Results<Ok<ResponseActionEntry>, ProblemHttpResult>> UndoAsync(
        Guid id, SecureWatchDbContext db, SelfHealingEngine engine, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var entry = await db.Set<ResponseActionEntry>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return ApiProblems.NotFound($"response {id} does not exist");
        }

        if (entry.DryRun || entry.Action == SelfHealingAction.Alert.ToName())
        {
            return ApiProblems.Conflict($"response {id} ({entry.Action}{(entry.DryRun ? ", dry run" : "")}) changed nothing; there is nothing to undo");
        }

        if (entry.UndoneAt is not null)
        {
            return ApiProblems.Conflict($"response {id} was already undone by {entry.UndoneBy} at {entry.UndoneAt:O}");
        }

        var actor = ApiActor.Of(user);
        var before = Snapshot(entry);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (entry.Action == SelfHealingAction.QuarantineProvider.ToName() && entry.WhitelistEntryId is { } entryId
            && await db.Whitelist.FirstOrDefaultAsync(w => w.Id == entryId, cancellationToken) is { IsActive: false } provider)
        {
            provider.IsActive = true;
            provider.UpdatedAt = DateTimeOffset.UtcNow;
            AuditTrail.Record(db, actor, "restore", "ip_whitelist", entryId.ToString(), new { is_active = false }, new { is_active = true, response_action_id = id });
        }

        entry.UndoneAt = DateTimeOffset.UtcNow;
        entry.UndoneBy = actor;
        AuditTrail.Record(db, actor, "undo", Entity, id.ToString(), before, Snapshot(entry));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Lifts the block or rate limit in this instance; expired or unknown here (another instance decided it) is fine.
        engine.Undo(id);
        return TypedResults.Ok(entry);
    }

    private static async Task<ContentHttpResult> BlocklistAsync(SecureWatchDbContext db, CancellationToken cancellationToken)
    {
        var blockSource = SelfHealingAction.BlockSource.ToName();
        var targets = await InForce(db.Set<ResponseActionEntry>().AsNoTracking())
            .Where(e => e.Action == blockSource)
            .Select(e => e.Target)
            .Distinct()
            .OrderBy(t => t)
            .ToListAsync(cancellationToken);
        return TypedResults.Text(string.Concat(targets.Select(t => t + "\n")), "text/plain; charset=utf-8");
    }

    private static IQueryable<ResponseActionEntry> InForce(IQueryable<ResponseActionEntry> entries)
    {
        var alert = SelfHealingAction.Alert.ToName();
        var now = DateTimeOffset.UtcNow;
        return entries.Where(e => !e.DryRun && e.Action != alert && e.UndoneAt == null && (e.ExpiresAt == null || e.ExpiresAt > now));
    }

    private static object Snapshot(ResponseActionEntry entry) =>
        new { entry.Action, entry.Target, entry.DryRun, entry.UndoneAt, entry.UndoneBy };
}
