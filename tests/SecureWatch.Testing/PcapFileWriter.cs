using System.Buffers.Binary;

namespace SecureWatch.Testing;

/// <summary>Writes classic pcap files (microsecond timestamps, whole frames), the format tcpdump -w writes.</summary>
public sealed class PcapFileWriter : IDisposable
{
    private readonly BufferedStream _stream;

    public PcapFileWriter(string path, int linkType)
    {
        _stream = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262_144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)linkType);
        _stream.Write(header);
    }

    public long Packets { get; private set; }

    public void Write(long timestampMicros, ReadOnlySpan<byte> frame)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(timestampMicros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(timestampMicros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.Length);
        _stream.Write(header);
        _stream.Write(frame);
        Packets++;
    }

    public void Dispose() => _stream.Dispose();
}
