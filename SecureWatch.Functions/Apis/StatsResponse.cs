namespace SecureWatch.Functions.Apis;

/// <summary>
/// Counts of scored traffic received in [since, until), and the dead-letter counts of the answering instance
/// since it started (each instance counts what it dead-lettered itself).
/// </summary>
public sealed record StatsResponse(
    string Window,
    DateTimeOffset Since,
    DateTimeOffset Until,
    long Total,
    long Attacks,
    IReadOnlyDictionary<string, SourceStatsResponse> ByDataSource,
    IReadOnlyDictionary<string, long> ByCategory,
    IReadOnlyDictionary<string, long> DeadLettersByReason);
