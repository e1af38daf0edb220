namespace SecureWatch.Core.Traffic;

/// <summary>
/// Where finished traffic records go (a JSON-lines file, a Kafka topic, ...). Called from the capture
/// loop, so <see cref="Publish"/> must not block for long: buffer and hand off.
/// </summary>
public interface ITrafficRecordSink : IDisposable
{
    void Publish(TrafficRecord record);

    /// <summary>Blocks until every record published so far has been written or delivered.</summary>
    void Flush();
}
