namespace SecureWatch.Core.Pipeline;

/// <summary>
/// Running totals of the pipeline in this process since start: records stored, redelivered, dropped as duplicate
/// events, and dead-lettered per reason. Registered as a singleton; readers (health, /stats) may call any member
/// from any thread.
/// </summary>
public sealed class PipelineCounters
{
    private readonly long[] rejected = new long[RejectReasons.All.Count];
    private long stored;
    private long redelivered;
    private long duplicateEvents;
    private long published;

    public long Stored => Interlocked.Read(ref stored);

    public long Redelivered => Interlocked.Read(ref redelivered);

    public long DuplicateEvents => Interlocked.Read(ref duplicateEvents);

    /// <summary>Messages (predictions and dead letters) the host has had acknowledged by Kafka.</summary>
    public long Published => Interlocked.Read(ref published);

    public long TotalRejected
    {
        get
        {
            long total = 0;
            for (var i = 0; i < rejected.Length; i++)
            {
                total += Interlocked.Read(ref rejected[i]);
            }

            return total;
        }
    }

    /// <summary>Dead letters with this reason (one of <see cref="RejectReasons.All"/>).</summary>
    public long Rejected(string reason) => Interlocked.Read(ref rejected[RejectReasons.IndexOf(reason)]);

    /// <summary>Every reason with its count, zeros included, in <see cref="RejectReasons.All"/> order.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason()
    {
        var counts = new Dictionary<string, long>(rejected.Length, StringComparer.Ordinal);
        for (var i = 0; i < rejected.Length; i++)
        {
            counts[RejectReasons.All[i]] = Interlocked.Read(ref rejected[i]);
        }

        return counts;
    }

    public void CountRejected(string reason) => Interlocked.Increment(ref rejected[RejectReasons.IndexOf(reason)]);

    public void CountOutcome(RecordOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case RecordOutcomeKind.Stored:
                Interlocked.Increment(ref stored);
                break;
            case RecordOutcomeKind.Redelivered:
                Interlocked.Increment(ref redelivered);
                break;
            case RecordOutcomeKind.DuplicateEvent:
                Interlocked.Increment(ref duplicateEvents);
                break;
            default:
                CountRejected(outcome.Reason!);
                break;
        }
    }

    public void CountPublished(long count) => Interlocked.Add(ref published, count);
}
