using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>The common 8-byte header of ICMP and ICMPv6 messages.</summary>
internal readonly ref struct IcmpHeader
{
    public const int Length = 8;

    private IcmpHeader(ReadOnlySpan<byte> bytes) => Bytes = bytes;

    public ReadOnlySpan<byte> Bytes { get; }

    public byte Type => Bytes[0];

    public byte Code => Bytes[1];

    /// <summary>Echo identifier (meaningful for echo, timestamp and information messages).</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(Bytes[4..]);

    public ushort Sequence => BinaryPrimitives.ReadUInt16BigEndian(Bytes[6..]);

    public static DecodeOutcome TryParse(ReadOnlySpan<byte> message, out IcmpHeader header)
    {
        header = default;
        if (message.Length < Length)
        {
            return DecodeOutcome.TruncatedIcmpHeader;
        }

        header = new IcmpHeader(message);
        return DecodeOutcome.Decoded;
    }
}
