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

    private readonly Lock _gate = new();
    private readonly Dictionary<long, (long Revision, DateTimeOffset At)> _sent = [];
    private readonly Dictionary<long, AlertSummaryResponse> _pending = [];

    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>Takes changed alerts (any order, repeats allowed); returns those to push now.</summary>
    public List<AlertSummaryResponse> Offer(IEnumerable<AlertSummaryResponse> changed)
    {
        lock (_gate)
        {
            foreach (var alert in changed)
            {
                var newer = !_sent.TryGetValue(alert.Id, out var last) || alert.Revision > last.Revision;
                if (newer && (!_pending.TryGetValue(alert.Id, out var waiting) || alert.Revision > waiting.Revision))
                {
                    _pending[alert.Id] = alert;
                }
            }

            return TakeDueLocked();
        }
    }

    /// <summary>The waiting changes whose interval is up.</summary>
    public List<AlertSummaryResponse> TakeDue()
    {
        lock (_gate)
        {
            return TakeDueLocked();
        }
    }

    private List<AlertSummaryResponse> TakeDueLocked()
    {
        var now = time.GetUtcNow();
        var due = new List<AlertSummaryResponse>();
        foreach (var (id, alert) in _pending)
        {
            if (!_sent.TryGetValue(id, out var last) || now - last.At >= Interval)
            {
                due.Add(alert);
            }
        }

        foreach (var alert in due)
        {
            _pending.Remove(alert.Id);
            _sent[alert.Id] = (alert.Revision, now);
        }

        if (_sent.Count > 10_000)
        {
            foreach (var id in _sent.Where(s => now - s.Value.At > Memory && !_pending.ContainsKey(s.Key)).Select(s => s.Key).ToList())
            {
                _sent.Remove(id);
            }
        }

        return due;
    }
}
