using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Where the capture loop hands records: a sink that takes the tracker's structs (the record is written straight
/// from them, see <see cref="TrafficRecordWriter"/>), that can be nudged while the link is quiet without blocking,
/// and that is completed once, when the agent stops. Called from the capture loop, so it must not block for long.
/// </summary>
internal interface IRecordOutput : IDisposable
{
    /// <summary>Kafka delivery counters; null for outputs that write synchronously (JSON lines).</summary>
    KafkaPublishCounters? Counters { get; }

    void Publish(in CompletedConnection connection, in KddFeatureVector features);

    /// <summary>Called by the capture loop when no packet came: write out what is buffered, without blocking.</summary>
    void FlushBuffered();

    /// <summary>Blocks until every record published so far has been written or delivered.</summary>
    void Flush();

    /// <summary>Delivers what is still pending (bounded by the output's flush timeout); nothing is accepted afterwards.</summary>
    void Complete();
}
