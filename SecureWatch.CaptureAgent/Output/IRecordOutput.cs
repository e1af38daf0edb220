using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Where the capture loop hands records: a sink that can be nudged while the link is quiet without blocking,
/// and that is completed once, when the agent stops.
/// </summary>
internal interface IRecordOutput : ITrafficRecordSink
{
    /// <summary>Kafka delivery counters; null for outputs that write synchronously (JSON lines).</summary>
    KafkaPublishCounters? Counters { get; }

    /// <summary>Called by the capture loop when no packet came: write out what is buffered, without blocking.</summary>
    void FlushBuffered();

    /// <summary>Delivers what is still pending (bounded by the output's flush timeout); nothing is accepted afterwards.</summary>
    void Complete();
}
