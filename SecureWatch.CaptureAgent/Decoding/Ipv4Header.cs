using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>IPv4 header, options skipped, fragment fields exposed.</summary>
internal readonly ref struct Ipv4Header : IIpHeader
{
    public const int MinimumLength = 20;

    private Ipv4Header(ReadOnlySpan<byte> bytes, int headerLength, int payloadLength)
    {
        Bytes = bytes;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public int HeaderLength { get; }

    /// <summary>Payload length per the header's total length (not what was captured).</summary>
    public int PayloadLength { get; }

    public byte Protocol => Bytes[9];

    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(Bytes[4..]);

    public bool MoreFragments => (Bytes[6] & 0x20) != 0;

    public int FragmentOffsetBytes => (BinaryPrimitives.ReadUInt16BigEndian(Bytes[6..]) & 0x1FFF) * 8;

    public bool IsFragment => MoreFragments || FragmentOffsetBytes != 0;

    uint IIpHeader.FragmentId => Identification;

    public UInt128 Source => IpAddressBits.FromIpv4(Bytes[12..]);

    public UInt128 Destination => IpAddressBits.FromIpv4(Bytes[16..]);

    /// <summary>The captured part of the payload.</summary>
    public ReadOnlySpan<byte> Payload => Bytes.Slice(HeaderLength, Math.Min(PayloadLength, Bytes.Length - HeaderLength));

    public static DecodeOutcome TryParse(ReadOnlySpan<byte> packet, out Ipv4Header header)
    {
        header = default;
        if (packet.Length < MinimumLength)
        {
            return DecodeOutcome.TruncatedIpv4Header;
        }

        if (packet[0] >> 4 != 4)
        {
            return DecodeOutcome.BadIpVersion;
        }

        var headerLength = (packet[0] & 0x0F) * 4;
        if (headerLength < MinimumLength)
        {
            return DecodeOutcome.BadIpv4HeaderLength;
        }

        if (packet.Length < headerLength)
        {
            return DecodeOutcome.TruncatedIpv4Header;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength == 0)
        {
            // Segmentation offload hands the capture super-packets with a zero total length.
            totalLength = packet.Length;
        }

        if (totalLength < headerLength)
        {
            return DecodeOutcome.BadIpv4TotalLength;
        }

        header = new Ipv4Header(packet, headerLength, totalLength - headerLength);
        return DecodeOutcome.Decoded;
    }
}
