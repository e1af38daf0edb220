using System.Collections.Concurrent;

namespace SecureWatch.Core.Providers;

/// <summary>
/// A token bucket per external sender: <c>rate_limit_per_second</c> tokens refill each second up to
/// <c>rate_limit_burst</c> (default: one second's worth). Thread-safe; buckets live as long as the process.
/// </summary>
public sealed class SenderRateLimiter(TimeProvider time)
{
    private const int MaxBuckets = 100_000;

    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token for <paramref name="sender"/>; false when its bucket is empty.</summary>
    public bool TryAcquire(string sender, double perSecond, int? burst)
    {
        var capacity = burst ?? Math.Max(1, (int)Math.Ceiling(perSecond));
        if (buckets.Count >= MaxBuckets && !buckets.ContainsKey(sender))
        {
            // A flood of distinct senders must not exhaust memory; every sender simply starts with a full bucket again.
            buckets.Clear();
        }

        var bucket = buckets.GetOrAdd(sender, static (_, state) => new Bucket(state.capacity, state.now), (capacity, now: time.GetTimestamp()));
        return bucket.TryTake(perSecond, capacity, time);
    }

    private sealed class Bucket(int capacity, long createdAt)
    {
        private readonly Lock gate = new();
        private double tokens = capacity;
        private long refilledAt = createdAt;

        public bool TryTake(double perSecond, int capacity, TimeProvider time)
        {
            lock (gate)
            {
                var now = time.GetTimestamp();
                tokens = Math.Min(capacity, tokens + (time.GetElapsedTime(refilledAt, now).TotalSeconds * perSecond));
                refilledAt = now;
                if (tokens < 1)
                {
                    return false;
                }

                tokens -= 1;
                return true;
            }
        }
    }
}
