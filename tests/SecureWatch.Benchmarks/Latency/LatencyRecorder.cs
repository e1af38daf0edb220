using System.Buffers.Binary;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>
/// Send and receipt times per message, keyed by a sequence number carried in the event id itself (a per-run prefix,
/// then the number), so that matching a receipt to its send is an array lookup: no lock, no dictionary and no
/// allocation on the paths being measured. Each array has a single writer thread.
/// </summary>
public sealed class LatencyRecorder
{
    private const int SequenceOffset = 12;

    // Bytes 0-11 of every event id of this run (big-endian layout); the random version and variant bits stay intact.
    private readonly byte[] prefix;
    private readonly long[] sent;
    private readonly long[] received;
    private readonly long[] onTopic;
    private int receivedCount;
    private int onTopicCount;

    public LatencyRecorder(int capacity)
    {
        prefix = Guid.NewGuid().ToByteArray(bigEndian: true)[..SequenceOffset];
        prefix[10] = 0;
        prefix[11] = 0;
        sent = new long[capacity];
        received = new long[capacity];
        onTopic = new long[capacity];
    }

    public int Capacity => sent.Length;

    public int ReceivedCount => Volatile.Read(ref receivedCount);

    public int OnTopicCount => Volatile.Read(ref onTopicCount);

    public ReadOnlySpan<long> Sent => sent;

    /// <summary>Stopwatch timestamps of SignalR receipt; 0 where nothing arrived.</summary>
    public ReadOnlySpan<long> Received => received;

    /// <summary>Stopwatch timestamps of arrival on the predictions topic; 0 where not observed.</summary>
    public ReadOnlySpan<long> OnTopic => onTopic;

    public Guid EventId(int sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        prefix.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes[SequenceOffset..], sequence);
        return new Guid(bytes, bigEndian: true);
    }

    public void MarkSent(int sequence, long timestamp) => sent[sequence] = timestamp;

    /// <returns>False for an event id that is not one of this run's (e.g. a readiness probe).</returns>
    public bool MarkReceived(Guid eventId, long timestamp) => Mark(received, ref receivedCount, eventId, timestamp);

    public bool MarkOnTopic(Guid eventId, long timestamp) => Mark(onTopic, ref onTopicCount, eventId, timestamp);

    private bool Mark(long[] times, ref int count, Guid eventId, long timestamp)
    {
        Span<byte> bytes = stackalloc byte[16];
        eventId.TryWriteBytes(bytes, bigEndian: true, out _);
        if (!bytes[..SequenceOffset].SequenceEqual(prefix))
        {
            return false;
        }

        var sequence = BinaryPrimitives.ReadInt32BigEndian(bytes[SequenceOffset..]);
        if ((uint)sequence < (uint)times.Length && times[sequence] == 0)
        {
            // At-least-once delivery may repeat a prediction; the first arrival is the latency.
            times[sequence] = timestamp;
            Volatile.Write(ref count, count + 1);
        }

        return true;
    }
}
