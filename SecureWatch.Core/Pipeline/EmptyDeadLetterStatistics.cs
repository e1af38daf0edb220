namespace SecureWatch.Core.Pipeline;

/// <summary>The statistics of an instance that runs no scoring pipeline: nothing was dead-lettered.</summary>
public sealed class EmptyDeadLetterStatistics : IDeadLetterStatistics
{
    public IReadOnlyDictionary<string, long> CountsByReason { get; } = new Dictionary<string, long>();
}
