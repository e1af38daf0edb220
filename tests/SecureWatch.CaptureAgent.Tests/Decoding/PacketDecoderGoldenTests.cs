using System.Net;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Tests.Support;
using static SecureWatch.CaptureAgent.Tests.Support.PacketBuilder;

namespace SecureWatch.CaptureAgent.Tests.Decoding;

public sealed class PacketDecoderGoldenTests
{
    // A SYN to 127.0.0.1:80 as tcpdump captured it on a Linux loopback (Ethernet header with zero MACs,
    // DF set, 20 bytes of TCP options).
    private static readonly byte[] CapturedLoopbackSyn = Convert.FromHexString(
        "000000000000000000000000080045000" + "03c03094000400639b17f0000017f000001" +
        "84cc0050bb0bae8c00000000a002ffd7fe3000000204ffd70402080a5459eea20000000001030" + "30a");

    [Fact]
    public void Decodes_a_captured_loopback_syn()
    {
        var (outcome, packet) = Decode(LinkTypes.Ethernet, CapturedLoopbackSyn);

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.Equal(Address("127.0.0.1"), packet.Source);
        Assert.Equal(Address("127.0.0.1"), packet.Destination);
        Assert.Equal(IpProtocols.Tcp, packet.Protocol);
        Assert.Equal(33996, packet.SourcePort);
        Assert.Equal(80, packet.DestinationPort);
        Assert.Equal(TcpFlags.Syn, packet.TcpFlags);
        Assert.Equal(0, packet.PayloadLength);
        Assert.False(packet.IsFragment);
        Assert.Equal(1_000_000, packet.TimestampMicros);
    }

    [Fact]
    public void Ipv4_options_and_tcp_options_are_skipped_and_payload_counted_from_total_length()
    {
        var frame = Ethernet(0x0800, Ipv4("10.1.2.3", "10.9.8.7", 6, Tcp(40000, 443, TcpFlags.Ack | TcpFlags.Psh, payloadLength: 100, optionsLength: 12), optionsLength: 8));
        var padded = frame.Concat(new byte[6]).ToArray(); // Ethernet padding must not count as payload

        var (outcome, packet) = Decode(LinkTypes.Ethernet, padded);

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.Equal(Address("10.1.2.3"), packet.Source);
        Assert.Equal(Address("10.9.8.7"), packet.Destination);
        Assert.Equal(40000, packet.SourcePort);
        Assert.Equal(443, packet.DestinationPort);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, packet.TcpFlags);
        Assert.Equal(100, packet.PayloadLength);
    }

    [Fact]
    public void Vlan_and_qinq_tags_are_walked()
    {
        var ip = Ipv4("192.168.1.1", "192.168.1.2", 17, Udp(5353, 53, 30));
        foreach (var tags in new[] { new ushort[] { 100 }, [100, 200], [1, 2, 3] })
        {
            var (outcome, packet) = Decode(LinkTypes.Ethernet, Ethernet(0x0800, ip, tags));
            Assert.Equal(DecodeOutcome.Decoded, outcome);
            Assert.Equal(IpProtocols.Udp, packet.Protocol);
            Assert.Equal(5353, packet.SourcePort);
            Assert.Equal(53, packet.DestinationPort);
            Assert.Equal(30, packet.PayloadLength);
        }

        var header = EthernetHeader.TryParse(Ethernet(0x0800, ip, 100, 200), out var ethernet);
        Assert.Equal(DecodeOutcome.Decoded, header);
        Assert.Equal(2, ethernet.VlanTagCount);
        Assert.Equal(100, ethernet.OuterVlanId);
        Assert.Equal(22, ethernet.Length);
        Assert.Equal(DecodeOutcome.TooManyVlanTags, Decode(LinkTypes.Ethernet, Ethernet(0x0800, ip, 1, 2, 3, 4, 5)).Outcome);
    }

    [Fact]
    public void Linux_cooked_captures_sll_and_sll2()
    {
        var ip = Ipv4("127.0.0.1", "127.0.0.2", 6, Tcp(1234, 22, TcpFlags.Syn));
        foreach (var (linkType, frame) in new[] { (LinkTypes.LinuxSll, Sll(0x0800, ip)), (LinkTypes.LinuxSll2, Sll2(0x0800, ip)) })
        {
            var (outcome, packet) = Decode(linkType, frame);
            Assert.Equal(DecodeOutcome.Decoded, outcome);
            Assert.Equal(Address("127.0.0.2"), packet.Destination);
            Assert.Equal(22, packet.DestinationPort);
        }

        Assert.Equal(DecodeOutcome.NonIpFrame, Decode(LinkTypes.LinuxSll2, Sll2(0x0806, new byte[28])).Outcome);
        Assert.Equal(DecodeOutcome.TruncatedLinkHeader, Decode(LinkTypes.LinuxSll2, new byte[19]).Outcome);
    }

    [Fact]
    public void Raw_ip_and_bsd_loopback()
    {
        var v4 = Ipv4("1.2.3.4", "5.6.7.8", 1, Icmp(8, 0, 77, 3, 56));
        var v6 = Ipv6("2001:db8::1", "2001:db8::2", 58, Icmp(128, 0, 9, 1, 10));
        Assert.Equal(8, Decode(LinkTypes.Raw, v4).Packet.IcmpType);
        Assert.Equal(128, Decode(LinkTypes.Raw, v6).Packet.IcmpType);
        Assert.Equal(128, Decode(LinkTypes.Ipv6, v6).Packet.IcmpType);
        Assert.Equal(8, Decode(LinkTypes.Null, Null(2, v4)).Packet.IcmpType);
        Assert.Equal(128, Decode(LinkTypes.Null, Null(30, v6)).Packet.IcmpType);
        Assert.Equal(DecodeOutcome.NonIpFrame, Decode(LinkTypes.Null, Null(7, v4)).Outcome);
    }

    [Fact]
    public void Icmp_echo_fields()
    {
        var (outcome, packet) = Decode(LinkTypes.Ethernet, Ethernet(0x0800, Ipv4("10.0.0.1", "10.0.0.2", 1, Icmp(8, 0, 0x1234, 7, 56))));

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.True(packet.IsIcmp);
        Assert.Equal(8, packet.IcmpType);
        Assert.Equal(0, packet.IcmpCode);
        Assert.Equal(0x1234, packet.IcmpIdentifier);
        Assert.Equal(7, packet.IcmpSequence);
        Assert.Equal(64, packet.PayloadLength); // the whole ICMP message, as KDD counts it
    }

    [Fact]
    public void Ipv6_extension_headers_are_followed_to_the_transport()
    {
        var packet6 = Ipv6("fe80::1", "fe80::2", 6, Tcp(50000, 80, TcpFlags.Syn, payloadLength: 5), IpProtocols.HopByHop, IpProtocols.Ipv6DestinationOptions);

        var (outcome, packet) = Decode(LinkTypes.Ethernet, Ethernet(0x86DD, packet6));

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.Equal(IpProtocols.Tcp, packet.Protocol);
        Assert.Equal(IpAddressBits.FromIpAddress(IPAddress.Parse("fe80::1")), packet.Source);
        Assert.False(IpAddressBits.IsIpv4(packet.Source));
        Assert.Equal(80, packet.DestinationPort);
        Assert.Equal(5, packet.PayloadLength);

        var truncated = packet6[..44];
        Assert.Equal(DecodeOutcome.BadIpv6ExtensionHeader, Decode(LinkTypes.Raw, truncated).Outcome);
    }

    [Fact]
    public void Ipv4_fragments_expose_offset_and_later_fragments_have_no_transport_header()
    {
        var first = Ipv4("10.0.0.1", "10.0.0.2", 17, Udp(1000, 2000, 40), id: 99, moreFragments: true);
        var later = Ipv4("10.0.0.1", "10.0.0.2", 17, new byte[24], id: 99, fragmentOffset: 48);

        var (firstOutcome, firstPacket) = Decode(LinkTypes.Raw, first);
        var (laterOutcome, laterPacket) = Decode(LinkTypes.Raw, later);

        Assert.Equal(DecodeOutcome.Decoded, firstOutcome);
        Assert.True(firstPacket.IsFragment);
        Assert.True(firstPacket.HasTransportHeader);
        Assert.True(firstPacket.MoreFragments);
        Assert.Equal(99u, firstPacket.FragmentId);
        Assert.Equal(0, firstPacket.FragmentOffset);
        Assert.Equal(48, firstPacket.FragmentLength);
        Assert.Equal(40, firstPacket.PayloadLength);

        Assert.Equal(DecodeOutcome.Decoded, laterOutcome);
        Assert.False(laterPacket.HasTransportHeader);
        Assert.Equal(48, laterPacket.FragmentOffset);
        Assert.Equal(24, laterPacket.PayloadLength);
    }

    [Fact]
    public void Ipv6_fragment_header()
    {
        var first = Ipv6FragmentHeaderPacket("2001:db8::1", "2001:db8::2", 58, Icmp(128, 0, 1, 1, 40), id: 0xABCDEF, offset: 0, more: true);
        var (outcome, packet) = Decode(LinkTypes.Raw, first);

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.True(packet.IsFragment);
        Assert.Equal(0xABCDEFu, packet.FragmentId);
        Assert.Equal(IpProtocols.Icmpv6, packet.Protocol);
        Assert.Equal(128, packet.IcmpType);
    }

    [Fact]
    public void A_first_fragment_too_short_for_its_transport_header_is_marked_malformed()
    {
        var tiny = Ipv4("10.0.0.1", "10.0.0.2", 6, new byte[8], id: 5, moreFragments: true);
        var (outcome, packet) = Decode(LinkTypes.Raw, tiny);

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.True(packet.MalformedFragment);
        Assert.False(packet.HasTransportHeader);
    }

    [Theory]
    [InlineData(0, (int)DecodeOutcome.TruncatedLinkHeader)]
    [InlineData(13, (int)DecodeOutcome.TruncatedLinkHeader)]
    [InlineData(14 + 19, (int)DecodeOutcome.TruncatedIpv4Header)]
    [InlineData(14 + 20 + 19, (int)DecodeOutcome.TruncatedTcpHeader)]
    public void Truncated_frames_are_reported_by_layer(int length, int expectedOutcome)
    {
        var frame = EthernetIpv4Tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpFlags.Syn);
        Assert.Equal((DecodeOutcome)expectedOutcome, Decode(LinkTypes.Ethernet, frame[..length]).Outcome);
    }

    [Fact]
    public void Malformed_headers_are_reported_by_reason()
    {
        var ip = Ipv4("10.0.0.1", "10.0.0.2", 6, Tcp(1, 2, TcpFlags.Syn));
        var badIhl = (byte[])ip.Clone();
        badIhl[0] = 0x43;
        var badTotal = (byte[])ip.Clone();
        badTotal[2] = 0;
        badTotal[3] = 10;
        var badOffset = (byte[])ip.Clone();
        badOffset[20 + 12] = 0x30;
        var udp = Ipv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2, 0));
        udp[20 + 5] = 3;

        Assert.Equal(DecodeOutcome.BadIpv4HeaderLength, Decode(LinkTypes.Raw, badIhl).Outcome);
        Assert.Equal(DecodeOutcome.BadIpv4TotalLength, Decode(LinkTypes.Raw, badTotal).Outcome);
        Assert.Equal(DecodeOutcome.BadTcpDataOffset, Decode(LinkTypes.Raw, badOffset).Outcome);
        Assert.Equal(DecodeOutcome.BadUdpLength, Decode(LinkTypes.Raw, udp).Outcome);
        Assert.Equal(DecodeOutcome.UnsupportedTransport, Decode(LinkTypes.Raw, Ipv4("10.0.0.1", "10.0.0.2", 47, new byte[8])).Outcome);
        Assert.Equal(DecodeOutcome.BadIpVersion, Decode(LinkTypes.Raw, [0x50, 0, 0, 0]).Outcome);
        Assert.Equal(DecodeOutcome.UnsupportedLinkType, Decode(147, ip).Outcome);
    }

    [Fact]
    public void A_snapshot_shorter_than_the_packet_still_counts_the_bytes_on_the_wire()
    {
        var frame = EthernetIpv4Tcp("10.0.0.1", 5000, "10.0.0.2", 80, TcpFlags.Ack, payloadLength: 1400);
        var (outcome, packet) = Decode(LinkTypes.Ethernet, frame[..96]);

        Assert.Equal(DecodeOutcome.Decoded, outcome);
        Assert.Equal(1400, packet.PayloadLength);
    }

    internal static (DecodeOutcome Outcome, DecodedPacket Packet) Decode(int linkType, byte[] frame)
    {
        var packet = default(DecodedPacket);
        var outcome = PacketDecoder.Decode(linkType, 1_000_000, frame, ref packet);
        return (outcome, packet);
    }

    private static UInt128 Address(string text) => IpAddressBits.FromIpAddress(IPAddress.Parse(text));
}
