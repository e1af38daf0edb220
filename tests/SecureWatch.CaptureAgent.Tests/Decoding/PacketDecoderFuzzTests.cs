using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tests.Support;
using SecureWatch.CaptureAgent.Tracking;
using static SecureWatch.CaptureAgent.Tests.Support.PacketBuilder;

namespace SecureWatch.CaptureAgent.Tests.Decoding;

public sealed class PacketDecoderFuzzTests
{
    private static readonly int[] LinkTypeChoices =
        [LinkTypes.Ethernet, LinkTypes.LinuxSll, LinkTypes.LinuxSll2, LinkTypes.Raw, LinkTypes.Null, LinkTypes.Loop, LinkTypes.Ipv6, 9999];

    [Fact]
    public void A_million_random_and_mutated_packets_decode_and_track_without_throwing()
    {
        var random = new Random(20261121);
        byte[][] seeds =
        [
            EthernetIpv4Tcp("10.0.0.1", 1000, "10.0.0.2", 80, TcpFlags.Syn, 20),
            Ethernet(0x0800, Ipv4("10.0.0.1", "10.0.0.2", 17, Udp(53, 53, 30), optionsLength: 12), 7, 8),
            Ethernet(0x86DD, Ipv6("2001:db8::1", "2001:db8::2", 6, Tcp(1, 2, TcpFlags.Ack, 3), IpProtocols.HopByHop, IpProtocols.Ipv6Routing)),
            Ethernet(0x0800, Ipv4("10.0.0.1", "10.0.0.2", 1, Icmp(8, 0, 1, 1, 32), id: 4, moreFragments: true)),
            Ethernet(0x86DD, Ipv6FragmentHeaderPacket("2001:db8::1", "2001:db8::2", 58, Icmp(128, 0, 1, 1, 16), 7, 8, more: true)),
            Sll2(0x0800, Ipv4("127.0.0.1", "127.0.0.1", 6, Tcp(80, 80, TcpFlags.Syn | TcpFlags.Urg))),
        ];
        var features = new FeatureCalculator(new CollectingFeatureSink(keep: false));
        var tracker = new ConnectionTracker(new TrackerOptions { MaxFlows = 1024, FragmentSlots = 64 }, features);
        var counters = new DecodeCounters();
        var buffer = new byte[256];
        var packet = default(DecodedPacket);
        long timestamp = 1_000_000;
        for (var i = 0; i < 1_000_000; i++)
        {
            int length;
            int linkType;
            if (i % 4 == 0)
            {
                length = random.Next(buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                linkType = LinkTypeChoices[random.Next(LinkTypeChoices.Length)];
            }
            else
            {
                var seedIndex = random.Next(seeds.Length);
                var seed = seeds[seedIndex];
                seed.CopyTo(buffer, 0);
                length = Math.Min(buffer.Length, seed.Length + random.Next(-seed.Length, 16));
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    buffer[random.Next(Math.Max(1, length))] = (byte)random.Next(256);
                }

                linkType = seedIndex == 5 ? LinkTypes.LinuxSll2 : LinkTypes.Ethernet;
            }

            timestamp += random.Next(0, 3_000);
            var outcome = PacketDecoder.Decode(linkType, timestamp, buffer.AsSpan(0, length), ref packet);
            if (outcome == DecodeOutcome.Decoded && !tracker.Process(ref packet))
            {
                outcome = DecodeOutcome.OrphanFragment;
            }

            counters.Add(outcome);
        }

        tracker.FlushAll();
        Assert.True(counters[DecodeOutcome.Decoded] > 100_000, "mutations should leave many packets decodable");
        Assert.True(counters.Skipped > 100_000, "random bytes should mostly be rejected");
        Assert.Equal(1_000_000, counters[DecodeOutcome.Decoded] + counters.Skipped);
        Assert.Equal(0, tracker.ActiveFlows);
    }
}
