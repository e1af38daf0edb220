namespace SecureWatch.Functions.Pipeline;

/// <summary>The kafka section of GET /api/v1/health.</summary>
public sealed record KafkaHealth(
    string Status,
    string? Bootstrap,
    bool Embedded,
    IReadOnlyList<ConsumerStatus> Consumers,
    IReadOnlyDictionary<string, long> DeadLetters,
    long Stored,
    long Published,
    string? Error);
