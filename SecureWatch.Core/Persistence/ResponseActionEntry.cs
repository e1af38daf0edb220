namespace SecureWatch.Core.Persistence;

/// <summary>A self-healing decision (table response_actions), with the traffic row that triggered it.</summary>
public sealed class ResponseActionEntry
{
    public Guid Id { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    public string RuleId { get; set; } = "";

    /// <summary>alert, rate_limit_sender, quarantine_provider or block_source.</summary>
    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public bool DryRun { get; set; }

    public string Category { get; set; } = "";

    public float AttackProbability { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public long TrafficId { get; set; }

    public DateTimeOffset TrafficReceivedAt { get; set; }

    public Guid EventId { get; set; }

    public string DataSource { get; set; } = "";

    /// <summary>The whitelist entry a quarantine deactivated.</summary>
    public long? WhitelistEntryId { get; set; }

    public DateTimeOffset? UndoneAt { get; set; }

    public string? UndoneBy { get; set; }
}
