using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>IPv6 header followed through its extension headers to the upper-layer protocol.</summary>
internal readonly ref struct Ipv6Header : IIpHeader
{
    public const int FixedLength = 40;
    private const int MaxExtensionHeaders = 8;

    private Ipv6Header(ReadOnlySpan<byte> bytes, byte protocol, int headersLength, int payloadLength, bool hasFragment, uint fragmentId, int fragmentOffset, bool moreFragments)
    {
        Bytes = bytes;
        Protocol = protocol;
        HeadersLength = headersLength;
        PayloadLength = payloadLength;
        IsFragment = hasFragment && (moreFragments || fragmentOffset != 0);
        FragmentId = fragmentId;
        FragmentOffsetBytes = fragmentOffset;
        MoreFragments = moreFragments;
    }

    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The upper-layer protocol after the extension headers.</summary>
    public byte Protocol { get; }

    /// <summary>Fixed header plus extension headers.</summary>
    public int HeadersLength { get; }

    /// <summary>Upper-layer payload length per the header.</summary>
    public int PayloadLength { get; }

    public bool IsFragment { get; }

    public uint FragmentId { get; }

    public int FragmentOffsetBytes { get; }

    public bool MoreFragments { get; }

    public UInt128 Source => IpAddressBits.FromIpv6(Bytes[8..]);

    public UInt128 Destination => IpAddressBits.FromIpv6(Bytes[24..]);

    public ReadOnlySpan<byte> Payload => Bytes.Slice(HeadersLength, Math.Min(PayloadLength, Bytes.Length - HeadersLength));

    public static DecodeOutcome TryParse(ReadOnlySpan<byte> packet, out Ipv6Header header)
    {
        header = default;
        if (packet.Length < FixedLength)
        {
            return DecodeOutcome.TruncatedIpv6Header;
        }

        if (packet[0] >> 4 != 6)
        {
            return DecodeOutcome.BadIpVersion;
        }

        int declared = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var end = declared == 0 ? packet.Length : FixedLength + declared;
        var next = packet[6];
        var offset = FixedLength;
        var hasFragment = false;
        uint fragmentId = 0;
        var fragmentOffset = 0;
        var more = false;
        for (var i = 0; i <= MaxExtensionHeaders; i++)
        {
            switch (next)
            {
                case IpProtocols.HopByHop or IpProtocols.Ipv6Routing or IpProtocols.Ipv6DestinationOptions or IpProtocols.Mobility:
                    if (packet.Length < offset + 8)
                    {
                        return DecodeOutcome.BadIpv6ExtensionHeader;
                    }

                    next = packet[offset];
                    offset += (packet[offset + 1] + 1) * 8;
                    continue;
                case IpProtocols.AuthenticationHeader:
                    if (packet.Length < offset + 8)
                    {
                        return DecodeOutcome.BadIpv6ExtensionHeader;
                    }

                    next = packet[offset];
                    offset += (packet[offset + 1] + 2) * 4;
                    continue;
                case IpProtocols.Ipv6Fragment:
                    if (packet.Length < offset + 8)
                    {
                        return DecodeOutcome.BadIpv6ExtensionHeader;
                    }

                    next = packet[offset];
                    var field = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
                    fragmentOffset = field & 0xFFF8;
                    more = (field & 1) != 0;
                    fragmentId = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
                    hasFragment = true;
                    offset += 8;
                    continue;
                default:
                    if (offset > end || offset > packet.Length)
                    {
                        return DecodeOutcome.BadIpv6ExtensionHeader;
                    }

                    header = new Ipv6Header(packet, next, offset, end - offset, hasFragment, fragmentId, fragmentOffset, more);
                    return DecodeOutcome.Decoded;
            }
        }

        return DecodeOutcome.BadIpv6ExtensionHeader;
    }
}
