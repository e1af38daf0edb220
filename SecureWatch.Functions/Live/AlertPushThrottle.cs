using SecureWatch.Functions.Alerts;

namespace SecureWatch.Functions.Live;

/// <summary>
/// At most one alertUpdated push per alert per <see cref="Interval"/>. A change that comes sooner waits, replaced by
/// any later one, until its alert's interval is up; so the last state of a burst is always pushed, once.
/// </summary>
public sealed class AlertPushThrottle(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Kept longer than the broadcaster re-reads changes, so a change re-read is recognised as already sent.
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(2);

    private readonly Lock gate = new();
    private readonly Dictionary<long, (long Revision, DateTimeOffset At)> sent = [];
    private readonly Dictionary<long, AlertSummaryResponse> pending = [];

    public bool HasPending
    {
        get
        {
            lock (gate)
            {
                return pending.Count > 0;
            }
        }
    }

    /// <summary>Takes changed alerts (any order, repeats allowed); returns those to push now.</summary>
    public List<AlertSummaryResponse> Offer(IEnumerable<AlertSummaryResponse> changed)
    {
        lock (gate)
        {
            foreach (var alert in changed)
            {
                var newer = !sent.TryGetValue(alert.Id, out var last) || alert.Revision > last.Revision;
                if (newer && (!pending.TryGetValue(alert.Id, out var waiting) || alert.Revision > waiting.Revision))
                {
                    pending[alert.Id] = alert;
                }
            }

            return TakeDueLocked();
        }
    }

    /// <summary>The waiting changes whose interval is up.</summary>
    public List<AlertSummaryResponse> TakeDue()
    {
        lock (gate)
        {
            return TakeDueLocked();
        }
    }

    private List<AlertSummaryResponse> TakeDueLocked()
    {
        var now = time.GetUtcNow();
        var due = new List<AlertSummaryResponse>();
        foreach (var (id, alert) in pending)
        {
            if (!sent.TryGetValue(id, out var last) || now - last.At >= Interval)
            {
                due.Add(alert);
            }
        }

        foreach (var alert in due)
        {
            pending.Remove(alert.Id);
            sent[alert.Id] = (alert.Revision, now);
        }

        if (sent.Count > 10_000)
        {
            foreach (var id in sent.Where(s => now - s.Value.At > Memory && !pending.ContainsKey(s.Key)).Select(s => s.Key).ToList())
            {
                sent.Remove(id);
            }
        }

        return due;
    }
}
