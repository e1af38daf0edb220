using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

internal readonly ref struct UdpHeader
{
    public const int Length = 8;

    private UdpHeader(ReadOnlySpan<byte> bytes) => Bytes = bytes;

    public ReadOnlySpan<byte> Bytes { get; }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Bytes);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Bytes[2..]);

    /// <summary>Header plus payload, per the UDP header.</summary>
    public ushort DatagramLength => BinaryPrimitives.ReadUInt16BigEndian(Bytes[4..]);

    public static DecodeOutcome TryParse(ReadOnlySpan<byte> datagram, out UdpHeader header)
    {
        header = default;
        if (datagram.Length < Length)
        {
            return DecodeOutcome.TruncatedUdpHeader;
        }

        header = new UdpHeader(datagram);
        return DecodeOutcome.Decoded;
    }
}
