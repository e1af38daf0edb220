namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>The threshold windows of one rule, per key value, behind one lock.</summary>
internal sealed class ThresholdState(LogRuleThreshold threshold)
{
    /// <summary>Most key values one rule tracks; a new key beyond it is counted in <see cref="Untracked"/>, not watched.</summary>
    public const int MaxKeys = 100_000;

    private const int SweepEvery = 4096;

    // A key idle this long in wall time is forgotten (at least a window, so slow replays keep their counts).
    private static readonly long MinIdleTicks = TimeSpan.FromMinutes(15).Ticks;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ThresholdWindow> _windows = new(StringComparer.Ordinal);
    private int _sinceSweep;

    public long Untracked { get; private set; }

    public int Observe(string key, DateTimeOffset eventTime, string? distinct, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (++_sinceSweep >= SweepEvery)
            {
                Sweep(at.UtcTicks);
            }

            if (!_windows.TryGetValue(key, out var window))
            {
                if (_windows.Count >= MaxKeys)
                {
                    Sweep(at.UtcTicks);
                    if (_windows.Count >= MaxKeys)
                    {
                        Untracked++;
                        return 0;
                    }
                }

                window = new ThresholdWindow();
                _windows[key] = window;
            }

            return window.Observe(eventTime.UtcTicks, distinct, threshold, at.UtcTicks);
        }
    }

    private void Sweep(long now)
    {
        _sinceSweep = 0;
        var idle = Math.Max(MinIdleTicks, TimeSpan.TicksPerSecond * threshold.WindowSeconds);
        foreach (var (key, window) in _windows)
        {
            if (window.LastSeenAt < now - idle)
            {
                _windows.Remove(key);
            }
        }
    }
}
