using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// Serialized internal-source records from the synthetic generator, stamped with a new event id before each send:
/// the same bytes twice would be deduplicated instead of stored.
/// </summary>
public sealed class BenchTrafficTemplates
{
    private const int GuidLength = 36;

    private readonly byte[][] _values;
    private readonly int[] _eventIdOffsets;

    public BenchTrafficTemplates(int count, int seed)
    {
        var generator = new SyntheticTrafficGenerator(seed);
        _values = [.. Enumerable.Range(0, count).Select(_ => TrafficRecordJson.SerializeToUtf8Bytes(generator.Next(DataSourceNames.InternalKafka, null)))];
        _eventIdOffsets = [.. _values.Select(v => v.AsSpan().IndexOf("\"event_id\":\""u8) + "\"event_id\":\""u8.Length)];
    }

    public int Count => _values.Length;

    /// <summary>
    /// Template <paramref name="index"/> (modulo <see cref="Count"/>) carrying <paramref name="eventId"/>. The array is
    /// shared and rewritten by the next call for the same template, which is safe for Kafka producers: they copy the
    /// value during Produce.
    /// </summary>
    public byte[] WithEventId(int index, Guid eventId)
    {
        var slot = index % _values.Length;
        var value = _values[slot];
        eventId.TryFormat(value.AsSpan(_eventIdOffsets[slot], GuidLength), out _);
        return value;
    }
}
