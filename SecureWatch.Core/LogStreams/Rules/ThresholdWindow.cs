namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>
/// The matches of one rule for one key value within the last window of event time. Not thread-safe: guarded by its
/// <see cref="ThresholdState"/>.
/// </summary>
internal sealed class ThresholdWindow
{
    private readonly Queue<(long Ticks, string? Distinct)> _events = new();
    private Dictionary<string, int>? _distinct;
    private long _newest = long.MinValue;
    private long? _firedAt;

    /// <summary>Wall-clock ticks of the last observation, for eviction of idle keys.</summary>
    public long LastSeenAt { get; private set; }

    /// <summary>
    /// Counts one match at <paramref name="ticks"/> (event time); returns the count (or distinct count) when the
    /// threshold is reached and the key has not fired within the last window, else 0.
    /// </summary>
    public int Observe(long ticks, string? distinct, LogRuleThreshold threshold, long seenAt)
    {
        var window = TimeSpan.TicksPerSecond * threshold.WindowSeconds;
        LastSeenAt = seenAt;
        if (_events.Count > 0 && ticks <= _newest - window)
        {
            // Event time went back by more than a window: a replayed file started its next cycle. Start over.
            _events.Clear();
            _distinct?.Clear();
            _firedAt = null;
            _newest = long.MinValue;
        }

        _newest = Math.Max(_newest, ticks);
        _events.Enqueue((ticks, distinct));
        if (distinct is not null)
        {
            _distinct ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _distinct[distinct] = _distinct.GetValueOrDefault(distinct) + 1;
        }

        // Within T seconds: the events counted span less than the window.
        while (_events.Peek().Ticks <= _newest - window)
        {
            var (_, gone) = _events.Dequeue();
            if (gone is not null && --_distinct![gone] == 0)
            {
                _distinct.Remove(gone);
            }
        }

        var count = threshold.DistinctField is null ? _events.Count : _distinct?.Count ?? 0;
        if (count < threshold.Count || (_firedAt is { } fired && ticks < fired + window))
        {
            return 0;
        }

        _firedAt = ticks;
        return count;
    }
}
