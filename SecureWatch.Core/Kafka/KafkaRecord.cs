namespace SecureWatch.Core.Kafka;

/// <summary>
/// A record as fetched from Kafka, independent of the client that fetched it: the standalone host converts
/// Confluent consume results into these, the Azure Functions custom handler converts its HTTP batches.
/// </summary>
public sealed record KafkaRecord(
    string Topic,
    int Partition,
    long Offset,
    byte[]? Key,
    byte[]? Value,
    IReadOnlyList<KafkaHeader> Headers,
    DateTimeOffset Timestamp)
{
    /// <summary>The last header with this key, or null.</summary>
    public byte[]? Header(string key)
    {
        for (var i = Headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Headers[i].Key, key, StringComparison.Ordinal))
            {
                return Headers[i].Value;
            }
        }

        return null;
    }
}
