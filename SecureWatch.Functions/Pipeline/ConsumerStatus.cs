namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// One source consumer as health reports it. <see cref="Status"/> is "up", "degraded" (retrying a batch it cannot store:
/// nothing after it is stored until it succeeds; <see cref="RetryingSince"/> says since when, <see cref="LastError"/>
/// why) or "down" (stopped by a fatal error).
/// </summary>
public sealed record ConsumerStatus(
    string Source,
    string Topic,
    string State,
    string Status,
    long Batches,
    long Records,
    DateTimeOffset? LastBatchAt,
    string? LastError,
    DateTimeOffset? RetryingSince);
