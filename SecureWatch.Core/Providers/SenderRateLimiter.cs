using System.Collections.Concurrent;

namespace SecureWatch.Core.Providers;

/// <summary>
/// A token bucket per external sender: <c>rate_limit_per_second</c> tokens refill each second up to
/// <c>rate_limit_burst</c> (default: one second's worth). Thread-safe; buckets live as long as the process.
/// </summary>
public sealed class SenderRateLimiter(TimeProvider time)
{
    private const int MaxBuckets = 100_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token for <paramref name="sender"/>; false when its bucket is empty.</summary>
    public bool TryAcquire(string sender, double perSecond, int? burst)
    {
        var capacity = burst ?? Math.Max(1, (int)Math.Ceiling(perSecond));
        if (_buckets.Count >= MaxBuckets && !_buckets.ContainsKey(sender))
        {
            // A flood of distinct senders must not exhaust memory; every sender simply starts with a full bucket again.
            _buckets.Clear();
        }

        var bucket = _buckets.GetOrAdd(sender, static (_, state) => new Bucket(state.capacity, state.now), (capacity, now: time.GetTimestamp()));
        return bucket.TryTake(perSecond, capacity, time);
    }

    private sealed class Bucket(int capacity, long createdAt)
    {
        private readonly Lock _gate = new();
        private double _tokens = capacity;
        private long _refilledAt = createdAt;

        public bool TryTake(double perSecond, int capacity, TimeProvider time)
        {
            lock (_gate)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(capacity, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
                _refilledAt = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }
    }
}
