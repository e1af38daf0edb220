using Confluent.Kafka;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Turns a reported connection into its Kafka message: the event id (text) as the key, the record's JSON as the
/// value. The record is written into a reused pooled buffer; the message and its two arrays are the only
/// allocations. Not thread-safe: one per capture loop.
/// </summary>
internal sealed class KafkaRecordMessageWriter : IDisposable
{
    private const int EventIdTextLength = 36;
    private readonly PooledBufferWriter _buffer = new(4096);
    private readonly TrafficRecordWriter _records = new();

    public Message<byte[], byte[]> Create(in CompletedConnection connection, in KddFeatureVector features)
    {
        var eventId = _records.Write(_buffer, connection, features);
        var key = new byte[EventIdTextLength];
        eventId.TryFormat(key, out _, "D");
        var message = new Message<byte[], byte[]> { Key = key, Value = _buffer.WrittenSpan.ToArray() };
        _buffer.Clear();
        return message;
    }

    public void Dispose()
    {
        _buffer.Dispose();
    }
}
