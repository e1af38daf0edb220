namespace SecureWatch.Core.Pipeline;

/// <summary>
/// How many records this instance has sent to the dead-letter topic since it started, by reason
/// (shown by GET /api/v1/stats and the dashboard).
/// </summary>
public interface IDeadLetterStatistics
{
    /// <summary>A consistent snapshot: reason → count.</summary>
    IReadOnlyDictionary<string, long> CountsByReason { get; }
}
