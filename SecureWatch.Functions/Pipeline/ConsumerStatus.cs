namespace SecureWatch.Functions.Pipeline;

/// <summary>One source consumer as health reports it.</summary>
public sealed record ConsumerStatus(
    string Source, string Topic, string State, long Batches, long Records, DateTimeOffset? LastBatchAt, string? LastError);
