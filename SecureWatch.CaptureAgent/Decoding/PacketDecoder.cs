using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>
/// Decodes link, network and transport layers in turn (each layer a ref struct over the same span) into a
/// <see cref="DecodedPacket"/>. Never throws on bad bytes: every failure is a <see cref="DecodeOutcome"/>.
/// </summary>
internal static class PacketDecoder
{
    public static bool IsSupportedLinkType(int linkType) => linkType is LinkTypes.Null or LinkTypes.Loop or LinkTypes.Ethernet
        or LinkTypes.Raw or LinkTypes.RawOpenBsd or LinkTypes.RawLinkType or LinkTypes.Ipv4 or LinkTypes.Ipv6
        or LinkTypes.LinuxSll or LinkTypes.LinuxSll2;

    public static DecodeOutcome Decode(int linkType, long timestampMicros, ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        packet = default;
        packet.TimestampMicros = timestampMicros;
        switch (linkType)
        {
            case LinkTypes.Ethernet:
            {
                var outcome = EthernetHeader.TryParse(frame, out var ethernet);
                return outcome != DecodeOutcome.Decoded ? outcome : DecodeEtherType(ethernet.EtherType, frame[ethernet.Length..], ref packet);
            }

            case LinkTypes.LinuxSll:
            {
                var outcome = LinuxSllHeader.TryParseSll(frame, out var sll);
                return outcome != DecodeOutcome.Decoded ? outcome : DecodeEtherType(sll.Protocol, frame[sll.Length..], ref packet);
            }

            case LinkTypes.LinuxSll2:
            {
                var outcome = LinuxSllHeader.TryParseSll2(frame, out var sll2);
                return outcome != DecodeOutcome.Decoded ? outcome : DecodeEtherType(sll2.Protocol, frame[sll2.Length..], ref packet);
            }

            case LinkTypes.Raw or LinkTypes.RawOpenBsd or LinkTypes.RawLinkType or LinkTypes.Ipv4 or LinkTypes.Ipv6:
                return DecodeIp(frame, ref packet);

            case LinkTypes.Null or LinkTypes.Loop:
                return DecodeLoopback(frame, ref packet);

            default:
                return DecodeOutcome.UnsupportedLinkType;
        }
    }

    private static DecodeOutcome DecodeLoopback(ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        if (frame.Length < 4)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        // The address family is in the byte order of the machine that captured (DLT_NULL) or in network
        // order (DLT_LOOP); AF_INET is 2 everywhere, AF_INET6 is 10, 24, 28 or 30 depending on the OS.
        var family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (family > 0xFFFF)
        {
            family = BinaryPrimitives.ReadUInt32BigEndian(frame);
        }

        return family switch
        {
            2 => DecodeIpv4(frame[4..], ref packet),
            10 or 24 or 28 or 30 => DecodeIpv6(frame[4..], ref packet),
            _ => DecodeOutcome.NonIpFrame,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodeOutcome DecodeEtherType(ushort etherType, ReadOnlySpan<byte> payload, ref DecodedPacket packet) => etherType switch
    {
        EtherTypes.Ipv4 => DecodeIpv4(payload, ref packet),
        EtherTypes.Ipv6 => DecodeIpv6(payload, ref packet),
        _ => DecodeOutcome.NonIpFrame,
    };

    private static DecodeOutcome DecodeIp(ReadOnlySpan<byte> payload, ref DecodedPacket packet)
    {
        if (payload.IsEmpty)
        {
            return DecodeOutcome.TruncatedIpv4Header;
        }

        return (payload[0] >> 4) switch
        {
            4 => DecodeIpv4(payload, ref packet),
            6 => DecodeIpv6(payload, ref packet),
            _ => DecodeOutcome.BadIpVersion,
        };
    }

    private static DecodeOutcome DecodeIpv4(ReadOnlySpan<byte> bytes, ref DecodedPacket packet)
    {
        var outcome = Ipv4Header.TryParse(bytes, out var ip);
        return outcome == DecodeOutcome.Decoded ? DecodeNetwork(ip, ref packet) : outcome;
    }

    private static DecodeOutcome DecodeIpv6(ReadOnlySpan<byte> bytes, ref DecodedPacket packet)
    {
        var outcome = Ipv6Header.TryParse(bytes, out var ip);
        return outcome == DecodeOutcome.Decoded ? DecodeNetwork(ip, ref packet) : outcome;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodeOutcome DecodeNetwork<TIp>(scoped in TIp ip, ref DecodedPacket packet)
        where TIp : IIpHeader, allows ref struct
    {
        packet.Source = ip.Source;
        packet.Destination = ip.Destination;
        packet.Protocol = ip.Protocol;
        if (ip.IsFragment)
        {
            packet.IsFragment = true;
            packet.FragmentId = ip.FragmentId;
            packet.FragmentOffset = ip.FragmentOffsetBytes;
            packet.FragmentLength = ip.PayloadLength;
            packet.MoreFragments = ip.MoreFragments;
        }

        return DecodeTransport(ip.Protocol, ip.Payload, ip.PayloadLength, ref packet);
    }

    private static DecodeOutcome DecodeTransport(byte protocol, ReadOnlySpan<byte> captured, int declaredLength, ref DecodedPacket packet)
    {
        if (protocol is not (IpProtocols.Tcp or IpProtocols.Udp or IpProtocols.Icmp or IpProtocols.Icmpv6))
        {
            return DecodeOutcome.UnsupportedTransport;
        }

        if (packet.IsFragment && packet.FragmentOffset != 0)
        {
            packet.PayloadLength = declaredLength;
            return DecodeOutcome.Decoded;
        }

        var outcome = protocol switch
        {
            IpProtocols.Tcp => DecodeTcp(captured, declaredLength, ref packet),
            IpProtocols.Udp => DecodeUdp(captured, declaredLength, ref packet),
            _ => DecodeIcmp(captured, declaredLength, ref packet),
        };

        if (outcome != DecodeOutcome.Decoded && packet.IsFragment)
        {
            // A first fragment too short for its transport header is the "tiny fragment" evasion.
            packet.MalformedFragment = true;
            packet.HasTransportHeader = false;
            packet.PayloadLength = declaredLength;
            return DecodeOutcome.Decoded;
        }

        return outcome;
    }

    private static DecodeOutcome DecodeTcp(ReadOnlySpan<byte> captured, int declaredLength, ref DecodedPacket packet)
    {
        var outcome = TcpHeader.TryParse(captured, out var tcp);
        if (outcome != DecodeOutcome.Decoded)
        {
            return outcome;
        }

        packet.HasTransportHeader = true;
        packet.SourcePort = tcp.SourcePort;
        packet.DestinationPort = tcp.DestinationPort;
        packet.TcpFlags = tcp.Flags;
        packet.PayloadLength = Math.Max(0, declaredLength - tcp.HeaderLength);
        return DecodeOutcome.Decoded;
    }

    private static DecodeOutcome DecodeUdp(ReadOnlySpan<byte> captured, int declaredLength, ref DecodedPacket packet)
    {
        var outcome = UdpHeader.TryParse(captured, out var udp);
        if (outcome != DecodeOutcome.Decoded)
        {
            return outcome;
        }

        int length = udp.DatagramLength;
        if (packet.IsFragment)
        {
            length = declaredLength;
        }
        else if (length < UdpHeader.Length)
        {
            return DecodeOutcome.BadUdpLength;
        }

        packet.HasTransportHeader = true;
        packet.SourcePort = udp.SourcePort;
        packet.DestinationPort = udp.DestinationPort;
        packet.PayloadLength = Math.Max(0, Math.Min(length, declaredLength) - UdpHeader.Length);
        return DecodeOutcome.Decoded;
    }

    private static DecodeOutcome DecodeIcmp(ReadOnlySpan<byte> captured, int declaredLength, ref DecodedPacket packet)
    {
        var outcome = IcmpHeader.TryParse(captured, out var icmp);
        if (outcome != DecodeOutcome.Decoded)
        {
            return outcome;
        }

        packet.HasTransportHeader = true;
        packet.IcmpType = icmp.Type;
        packet.IcmpCode = icmp.Code;
        packet.IcmpIdentifier = icmp.Identifier;
        packet.IcmpSequence = icmp.Sequence;
        packet.PayloadLength = declaredLength;
        return DecodeOutcome.Decoded;
    }
}
