using System.Text.Json;

namespace SecureWatch.Functions.Alerts;

/// <summary>One alert as listed, returned after a change and pushed live (target alertUpdated).</summary>
public sealed record AlertSummaryResponse(
    long Id,
    string DataSource,
    string Category,
    string Attacker,
    string? SenderIp,
    string Status,
    string? Resolution,
    string Severity,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long RecordCount,
    float MaxProbability,
    int DistinctDestinations,
    int DistinctPorts,
    JsonElement TopDestinations,
    JsonElement TopPorts,
    long ActionCount,
    string? Assignee,
    long? PreviousAlertId,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    long Revision);
