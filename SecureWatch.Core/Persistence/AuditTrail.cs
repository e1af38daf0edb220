using System.Text.Json;

namespace SecureWatch.Core.Persistence;

/// <summary>
/// Adds the audit row to the same unit of work as the change it describes, so a change is never
/// committed without its audit record (and vice versa).
/// </summary>
public static class AuditTrail
{
    private static readonly JsonSerializerOptions SnapshotJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Record(
        SecureWatchDbContext db, string actor, string action, string entity, string entityId, object? before, object? after)
    {
        db.AuditLog.Add(new AuditLogEntry
        {
            OccurredAt = DateTimeOffset.UtcNow,
            Actor = actor,
            Action = action,
            Entity = entity,
            EntityId = entityId,
            Before = before is null ? null : JsonSerializer.Serialize(before, before.GetType(), SnapshotJson),
            After = after is null ? null : JsonSerializer.Serialize(after, after.GetType(), SnapshotJson),
        });
    }
}
