using System.Collections.Concurrent;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// What this instance did with log messages since start: per topic what the push consumer received, pushed, skipped
/// (over Logs:MaxPushPerSecond) or could not parse, and what the detection consumer dead-lettered, matched and stored.
/// Any thread may read or write.
/// </summary>
public sealed class LogStreamCounters
{
    private readonly ConcurrentDictionary<string, TopicCounts> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _deadLetters = new(StringComparer.Ordinal);
    private long _detections;
    private long _detected;

    /// <summary>Rule matches stored (a redelivered message's matches are not counted again).</summary>
    public long Detections => Interlocked.Read(ref _detections);

    /// <summary>Valid messages the detection consumer evaluated.</summary>
    public long Evaluated => Interlocked.Read(ref _detected);

    public void Received(string topic) => Interlocked.Increment(ref Counts(topic).Received);

    public void Pushed(string topic) => Interlocked.Increment(ref Counts(topic).Pushed);

    public void Skipped(string topic) => Interlocked.Increment(ref Counts(topic).Skipped);

    public void Invalid(string topic) => Interlocked.Increment(ref Counts(topic).Invalid);

    public void DeadLettered(string reason) => _deadLetters.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void CountEvaluated(int messages) => Interlocked.Add(ref _detected, messages);

    public void CountDetections(int stored) => Interlocked.Add(ref _detections, stored);

    /// <summary>Dead letters written per reason, zeros included.</summary>
    public IReadOnlyDictionary<string, long> DeadLettersByReason() =>
        RejectReasons.All.ToDictionary(r => r, r => _deadLetters.GetValueOrDefault(r), StringComparer.Ordinal);

    /// <summary>Each topic's counts since the previous call and since start; the interval counts restart at zero.</summary>
    public IReadOnlyList<LogTopicStats> TakeInterval(IEnumerable<string> topics)
    {
        var result = new List<LogTopicStats>();
        foreach (var topic in topics.Concat(_topics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var counts = Counts(topic);
            var received = Advance(ref counts.Received, ref counts.ReportedReceived);
            var pushed = Advance(ref counts.Pushed, ref counts.ReportedPushed);
            var skipped = Advance(ref counts.Skipped, ref counts.ReportedSkipped);
            var invalid = Advance(ref counts.Invalid, ref counts.ReportedInvalid);
            result.Add(new LogTopicStats(topic, received.Delta, pushed.Delta, skipped.Delta, invalid.Delta,
                received.Total, pushed.Total, skipped.Total, invalid.Total));
        }

        return result;
    }

    /// <summary>Totals since start per topic, for the health report.</summary>
    public IReadOnlyList<LogTopicStats> Totals() =>
        [.. _topics.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        {
            var (received, pushed, skipped, invalid) = (Interlocked.Read(ref t.Value.Received), Interlocked.Read(ref t.Value.Pushed),
                Interlocked.Read(ref t.Value.Skipped), Interlocked.Read(ref t.Value.Invalid));
            return new LogTopicStats(t.Key, 0, 0, 0, 0, received, pushed, skipped, invalid);
        })];

    private static (long Delta, long Total) Advance(ref long total, ref long reported)
    {
        var now = Interlocked.Read(ref total);
        var before = Interlocked.Exchange(ref reported, now);
        return (now - before, now);
    }

    private TopicCounts Counts(string topic) => _topics.GetOrAdd(topic, _ => new TopicCounts());

    private sealed class TopicCounts
    {
        public long Received;
        public long Pushed;
        public long Skipped;
        public long Invalid;
        public long ReportedReceived;
        public long ReportedPushed;
        public long ReportedSkipped;
        public long ReportedInvalid;
    }
}
