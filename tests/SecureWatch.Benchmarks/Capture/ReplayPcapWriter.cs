using System.Buffers.Binary;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>Writes a classic pcap file (Ethernet, microsecond timestamps, whole frames), the format tcpdump -w writes.</summary>
internal sealed class ReplayPcapWriter : IDisposable
{
    private readonly BufferedStream _file;

    public ReplayPcapWriter(string path)
    {
        _file = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262_144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        _file.Write(header);
    }

    public long Packets { get; private set; }

    public void Write(long micros, ReadOnlySpan<byte> frame)
    {
        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
        _file.Write(record);
        _file.Write(frame);
        Packets++;
    }

    /// <summary>Writes the packets of <paramref name="sorted"/> from <paramref name="next"/> on that are earlier than <paramref name="micros"/>.</summary>
    public int WriteUntil(List<(long Micros, byte[] Frame)> sorted, int next, long micros)
    {
        while (next < sorted.Count && sorted[next].Micros < micros)
        {
            Write(sorted[next].Micros, sorted[next].Frame);
            next++;
        }

        return next;
    }

    public void Dispose() => _file.Dispose();
}
