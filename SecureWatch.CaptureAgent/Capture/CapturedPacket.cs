namespace SecureWatch.CaptureAgent.Capture;

/// <summary>A packet as libpcap hands it over; <see cref="Data"/> is valid until the next read.</summary>
internal readonly ref struct CapturedPacket
{
    public CapturedPacket(long timestampMicros, ReadOnlySpan<byte> data, int originalLength)
    {
        TimestampMicros = timestampMicros;
        Data = data;
        OriginalLength = originalLength;
    }

    /// <summary>Microseconds since the Unix epoch, from the capture (not the wall clock).</summary>
    public long TimestampMicros { get; }

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Length on the wire; larger than <c>Data.Length</c> when the snapshot length cut the packet.</summary>
    public int OriginalLength { get; }
}
