using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>
/// Linux "cooked" capture headers: SLL (16 bytes, protocol at offset 14) and SLL2 (20 bytes, protocol at
/// offset 0), what libpcap produces on the <c>any</c> pseudo-interface.
/// </summary>
internal readonly ref struct LinuxSllHeader
{
    public const int SllLength = 16;
    public const int Sll2Length = 20;

    private LinuxSllHeader(ushort protocol, ushort packetType, int length)
    {
        Protocol = protocol;
        PacketType = packetType;
        Length = length;
    }

    /// <summary>EtherType of the payload.</summary>
    public ushort Protocol { get; }

    /// <summary>0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us.</summary>
    public ushort PacketType { get; }

    public int Length { get; }

    public static DecodeOutcome TryParseSll(ReadOnlySpan<byte> frame, out LinuxSllHeader header)
    {
        header = default;
        if (frame.Length < SllLength)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        header = new LinuxSllHeader(
            BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), BinaryPrimitives.ReadUInt16BigEndian(frame), SllLength);
        return DecodeOutcome.Decoded;
    }

    public static DecodeOutcome TryParseSll2(ReadOnlySpan<byte> frame, out LinuxSllHeader header)
    {
        header = default;
        if (frame.Length < Sll2Length)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        header = new LinuxSllHeader(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[10], Sll2Length);
        return DecodeOutcome.Decoded;
    }
}
