using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Writes classic pcap files (microsecond timestamps), the format tcpdump -w writes.</summary>
internal sealed class PcapFileWriter : IDisposable
{
    private readonly FileStream _stream;

    public PcapFileWriter(string path, int linkType)
    {
        _stream = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262_144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)linkType);
        _stream.Write(header);
    }

    public void Write(long timestampMicros, ReadOnlySpan<byte> frame)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(timestampMicros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(timestampMicros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.Length);
        _stream.Write(header);
        _stream.Write(frame);
    }

    public void Dispose() => _stream.Dispose();
}
