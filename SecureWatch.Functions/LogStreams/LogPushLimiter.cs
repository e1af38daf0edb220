namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// At most <c>limit</c> pushes per topic in each wall-clock second. Used by one consumer thread only, so unlocked; a
/// fixed window is enough for a display (a burst straddling two seconds may show up to twice the limit in one second).
/// </summary>
public sealed class LogPushLimiter(int limit, TimeProvider time)
{
    private readonly Dictionary<string, (long Second, int Count)> _windows = new(StringComparer.Ordinal);

    public bool TryTake(string topic)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var (windowSecond, count) = _windows.GetValueOrDefault(topic);
        if (windowSecond != second)
        {
            count = 0;
        }

        if (count >= limit)
        {
            _windows[topic] = (second, count);
            return false;
        }

        _windows[topic] = (second, count + 1);
        return true;
    }
}
