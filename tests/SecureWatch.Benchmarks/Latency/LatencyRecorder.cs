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
    private readonly byte[] _prefix;
    private readonly long[] _sent;
    private readonly long[] _received;
    private readonly long[] _onTopic;
    private int _receivedCount;
    private int _onTopicCount;

    public LatencyRecorder(int capacity)
    {
        _prefix = Guid.NewGuid().ToByteArray(bigEndian: true)[..SequenceOffset];
        _prefix[10] = 0;
        _prefix[11] = 0;
        _sent = new long[capacity];
        _received = new long[capacity];
        _onTopic = new long[capacity];
    }

    public int Capacity => _sent.Length;

    public int ReceivedCount => Volatile.Read(ref _receivedCount);

    public int OnTopicCount => Volatile.Read(ref _onTopicCount);

    public ReadOnlySpan<long> Sent => _sent;

    /// <summary>Stopwatch timestamps of SignalR receipt; 0 where nothing arrived.</summary>
    public ReadOnlySpan<long> Received => _received;

    /// <summary>Stopwatch timestamps of arrival on the predictions topic; 0 where not observed.</summary>
    public ReadOnlySpan<long> OnTopic => _onTopic;

    public Guid EventId(int sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        _prefix.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes[SequenceOffset..], sequence);
        return new Guid(bytes, bigEndian: true);
    }

    public void MarkSent(int sequence, long timestamp) => _sent[sequence] = timestamp;

    /// <returns>False for an event id that is not one of this run's (e.g. a readiness probe).</returns>
    public bool MarkReceived(Guid eventId, long timestamp) => Mark(_received, ref _receivedCount, eventId, timestamp);

    public bool MarkOnTopic(Guid eventId, long timestamp) => Mark(_onTopic, ref _onTopicCount, eventId, timestamp);

    private bool Mark(long[] times, ref int count, Guid eventId, long timestamp)
    {
        Span<byte> bytes = stackalloc byte[16];
        eventId.TryWriteBytes(bytes, bigEndian: true, out _);
        if (!bytes[..SequenceOffset].SequenceEqual(_prefix))
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
