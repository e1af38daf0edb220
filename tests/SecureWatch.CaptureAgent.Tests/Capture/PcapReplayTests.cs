using System.Text.Json;
using SecureWatch.Testing;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Tests.Support;
using SecureWatch.Core.Traffic;
using static SecureWatch.CaptureAgent.Tests.Support.PacketBuilder;

namespace SecureWatch.CaptureAgent.Tests.Capture;

/// <summary>The agent executable replays pcap files written here, in the link types libpcap hands it.</summary>
public sealed class PcapReplayTests : IDisposable
{
    private const long Start = 1_763_700_000_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("sw-replay-").FullName;

    [Theory]
    [InlineData(LinkTypes.Ethernet)]
    [InlineData(LinkTypes.LinuxSll)]
    [InlineData(LinkTypes.LinuxSll2)]
    [InlineData(LinkTypes.Raw)]
    [InlineData(LinkTypes.Null)]
    public void Replays_every_supported_link_type_to_the_same_connections(int linkType)
    {
        var pcap = Write(linkType, Conversation().Select(p => (p.Seconds, Frame(linkType, p.Ip))));

        var (records, summary) = Agent.Replay(pcap);

        Assert.Equal(
            new[] { "tcp 10.0.0.1:40000 > 10.0.0.2:80 SF http 120/3000", "tcp 10.0.0.1:40001 > 10.0.0.2:23 REJ telnet 0/0",
             "tcp 10.0.0.1:40002 > 10.0.0.2:8080 S0 other 0/0", "udp 10.0.0.1:5353 > 10.0.0.2:53 SF domain_u 30/90",
             "icmp 10.0.0.1:8 > 10.0.0.2:0 SF eco_i 64/64" }.Order(StringComparer.Ordinal),
            records.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal(12, summary.GetProperty("packets_decoded").GetInt64());
        Assert.Equal(linkType, summary.GetProperty("link_type").GetInt32());
    }

    [Fact]
    public void Writes_json_lines_to_standard_output_by_default()
    {
        var pcap = Write(LinkTypes.Ethernet, Conversation().Select(p => (p.Seconds, Frame(LinkTypes.Ethernet, p.Ip))));

        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--pcap", pcap]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.Equal("header28", TrafficRecordJson.Deserialize(line).FeatureSet));
        Assert.Contains("\"records_published\":5", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_packets_are_counted_by_reason_and_skipped()
    {
        var good = EthernetIpv4Tcp("10.0.0.1", 1, "10.0.0.2", 22, TcpFlags.Syn);
        var badOffset = (byte[])good.Clone();
        badOffset[14 + 20 + 12] = 0x10;
        var packets = new List<byte[]> { good, good[..30], badOffset, Ethernet(0x0806, new byte[28]), good[..10] };

        var (records, summary) = Agent.Replay(Write(LinkTypes.Ethernet, packets.Select((p, i) => (i * 0.1, p))));

        Assert.Single(records);
        var skipped = summary.GetProperty("packets_skipped");
        Assert.Equal(1, skipped.GetProperty("truncated_ipv4_header").GetInt64());
        Assert.Equal(1, skipped.GetProperty("bad_tcp_data_offset").GetInt64());
        Assert.Equal(1, skipped.GetProperty("non_ip_frame").GetInt64());
        Assert.Equal(1, skipped.GetProperty("truncated_link_header").GetInt64());
    }

    [Fact]
    public void Reports_a_missing_file_plainly()
    {
        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--pcap", Path.Combine(_directory, "absent.pcap")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cannot read capture file", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<(double Seconds, byte[] Ip)> Conversation()
    {
        const string c = "10.0.0.1";
        const string s = "10.0.0.2";
        yield return (0.00, Ipv4(c, s, 6, Tcp(40000, 80, TcpFlags.Syn)));
        yield return (0.01, Ipv4(s, c, 6, Tcp(80, 40000, TcpFlags.Syn | TcpFlags.Ack)));
        yield return (0.02, Ipv4(c, s, 6, Tcp(40000, 80, TcpFlags.Ack | TcpFlags.Psh, 120)));
        yield return (0.03, Ipv4(s, c, 6, Tcp(80, 40000, TcpFlags.Fin | TcpFlags.Ack | TcpFlags.Psh, 3000)));
        yield return (0.04, Ipv4(c, s, 6, Tcp(40000, 80, TcpFlags.Fin | TcpFlags.Ack)));
        yield return (0.10, Ipv4(c, s, 6, Tcp(40001, 23, TcpFlags.Syn)));
        yield return (0.11, Ipv4(s, c, 6, Tcp(23, 40001, TcpFlags.Rst | TcpFlags.Ack)));
        yield return (0.20, Ipv4(c, s, 6, Tcp(40002, 8080, TcpFlags.Syn)));
        yield return (0.30, Ipv4(c, s, 17, Udp(5353, 53, 30)));
        yield return (0.31, Ipv4(s, c, 17, Udp(53, 5353, 90)));
        yield return (0.40, Ipv4(c, s, 1, Icmp(8, 0, 5, 1, 56)));
        yield return (0.41, Ipv4(s, c, 1, Icmp(0, 0, 5, 1, 56)));
    }

    private static string Describe(AgentRecord r) =>
        $"{r.Flow.Protocol} {r.Flow.SrcIp}:{r.Flow.SrcPort} > {r.Flow.DstIp}:{r.Flow.DstPort} {r.Flag} {r.Service} {r["src_bytes"]}/{r["dst_bytes"]}";

    private static byte[] Frame(int linkType, byte[] ip) => linkType switch
    {
        LinkTypes.Ethernet => Ethernet(0x0800, ip),
        LinkTypes.LinuxSll => Sll(0x0800, ip),
        LinkTypes.LinuxSll2 => Sll2(0x0800, ip),
        LinkTypes.Null => Null(2, ip),
        _ => ip,
    };

    private string Write(int linkType, IEnumerable<(double Seconds, byte[] Frame)> frames)
    {
        var path = Path.Combine(_directory, $"capture-{linkType}-{Guid.NewGuid():N}.pcap");
        using var writer = new PcapFileWriter(path, linkType);
        foreach (var (seconds, frame) in frames)
        {
            writer.Write(Start + (long)(seconds * 1_000_000), frame);
        }

        return path;
    }
}
