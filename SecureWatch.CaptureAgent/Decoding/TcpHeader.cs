using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

internal readonly ref struct TcpHeader
{
    public const int MinimumLength = 20;

    private TcpHeader(ReadOnlySpan<byte> bytes, int headerLength)
    {
        Bytes = bytes;
        HeaderLength = headerLength;
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public int HeaderLength { get; }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Bytes);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Bytes[2..]);

    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(Bytes[4..]);

    public uint AcknowledgementNumber => BinaryPrimitives.ReadUInt32BigEndian(Bytes[8..]);

    public byte Flags => (byte)(Bytes[13] & 0x3F);

    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(Bytes[18..]);

    public static DecodeOutcome TryParse(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < MinimumLength)
        {
            return DecodeOutcome.TruncatedTcpHeader;
        }

        var headerLength = (segment[12] >> 4) * 4;
        if (headerLength < MinimumLength)
        {
            return DecodeOutcome.BadTcpDataOffset;
        }

        if (segment.Length < headerLength)
        {
            return DecodeOutcome.TruncatedTcpHeader;
        }

        header = new TcpHeader(segment, headerLength);
        return DecodeOutcome.Decoded;
    }
}
