namespace SecureWatch.Core.Pipeline;

/// <summary>
/// Running totals of the pipeline in this process since start: records stored, redelivered, dropped as duplicate
/// events, and dead-lettered per reason. Registered as a singleton; readers (health, /stats) may call any member
/// from any thread.
/// </summary>
public sealed class PipelineCounters
{
    private readonly long[] _rejected = new long[RejectReasons.All.Count];
    private long _stored;
    private long _redelivered;
    private long _duplicateEvents;
    private long _published;

    public long Stored => Interlocked.Read(ref _stored);

    public long Redelivered => Interlocked.Read(ref _redelivered);

    public long DuplicateEvents => Interlocked.Read(ref _duplicateEvents);

    /// <summary>Messages (predictions and dead letters) the host has had acknowledged by Kafka.</summary>
    public long Published => Interlocked.Read(ref _published);

    public long TotalRejected
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _rejected.Length; i++)
            {
                total += Interlocked.Read(ref _rejected[i]);
            }

            return total;
        }
    }

    /// <summary>Dead letters with this reason (one of <see cref="RejectReasons.All"/>).</summary>
    public long Rejected(string reason) => Interlocked.Read(ref _rejected[RejectReasons.IndexOf(reason)]);

    /// <summary>Every reason with its count, zeros included, in <see cref="RejectReasons.All"/> order.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason()
    {
        var counts = new Dictionary<string, long>(_rejected.Length, StringComparer.Ordinal);
        for (var i = 0; i < _rejected.Length; i++)
        {
            counts[RejectReasons.All[i]] = Interlocked.Read(ref _rejected[i]);
        }

        return counts;
    }

    public void CountRejected(string reason) => Interlocked.Increment(ref _rejected[RejectReasons.IndexOf(reason)]);

    public void CountOutcome(RecordOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case RecordOutcomeKind.Stored:
                Interlocked.Increment(ref _stored);
                break;
            case RecordOutcomeKind.Redelivered:
                Interlocked.Increment(ref _redelivered);
                break;
            case RecordOutcomeKind.DuplicateEvent:
                Interlocked.Increment(ref _duplicateEvents);
                break;
            default:
                CountRejected(outcome.Reason!);
                break;
        }
    }

    public void CountPublished(long count) => Interlocked.Add(ref _published, count);
}
