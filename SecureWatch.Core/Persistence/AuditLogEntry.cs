namespace SecureWatch.Core.Persistence;

/// <summary>Who changed what and when, with the entity as JSON before and after the change.</summary>
public sealed class AuditLogEntry
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Entity { get; set; } = "";

    public string EntityId { get; set; } = "";

    public string? Before { get; set; }

    public string? After { get; set; }
}
