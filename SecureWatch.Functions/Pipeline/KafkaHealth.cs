namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// The kafka section of GET /api/v1/health. <see cref="Status"/>: "up", "degraded" (a source is retrying a batch it
/// cannot store), "failed" (a consumer or the producer stopped) or "disabled".
/// </summary>
public sealed record KafkaHealth(
    string Status,
    string? Bootstrap,
    bool Embedded,
    IReadOnlyList<ConsumerStatus> Consumers,
    IReadOnlyDictionary<string, long> DeadLetters,
    long Stored,
    long Published,
    string? Error);
