using System.Text.Json;
using SecureWatch.CaptureAgent.Tests.Support;

namespace SecureWatch.CaptureAgent.Tests.RealTraffic;

/// <summary>The agent replays real loopback traffic captured by tcpdump; tshark is the independent witness.</summary>
public sealed class RealTrafficTests
{
    private static readonly Lazy<(IReadOnlyList<AgentRecord> Records, JsonElement Summary)> Replayed =
        new(() => Agent.Replay(LoopbackTrafficCapture.Instance.PcapPath));

    private static IReadOnlyList<AgentRecord> Records => Replayed.Value.Records;

    private static TsharkConnections Expected => LoopbackTrafficCapture.Instance.Expected;

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void Every_packet_decodes_and_every_connection_tshark_sees_is_reported_with_its_flag_and_bytes()
    {
        var summary = Replayed.Value.Summary;
        Assert.Equal(Expected.Packets, summary.GetProperty("packets_read").GetInt64());
        Assert.Equal(Expected.Packets, summary.GetProperty("packets_decoded").GetInt64());
        Assert.Empty(summary.GetProperty("packets_skipped").EnumerateObject());

        var tcpRecords = Records.Where(r => r.ProtocolType == "tcp").ToList();
        var tcpExpected = Expected.All.Where(c => c.Protocol == "tcp").ToList();
        Assert.Equal(tcpExpected.Count, tcpRecords.Count);
        var unmatched = tcpRecords.ToList();
        foreach (var connection in tcpExpected)
        {
            var record = unmatched.FirstOrDefault(r => KeyOf(r) == connection.Key);
            Assert.True(record is not null, $"no record for {connection.Key}");
            unmatched.Remove(record);
            Assert.True(connection.SourceBytes == record["src_bytes"], $"{connection.Key}: src_bytes {record["src_bytes"]}, tshark {connection.SourceBytes}");
            Assert.True(connection.DestinationBytes == record["dst_bytes"], $"{connection.Key}: dst_bytes {record["dst_bytes"]}, tshark {connection.DestinationBytes}");
            if (connection.ExpectedFlag is { } flag)
            {
                Assert.True(flag == record.Flag, $"{connection.Key}: flag {record.Flag}, expected {flag}");
            }
        }
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void Http_requests_are_clean_http_connections_carrying_the_page()
    {
        var http = Records.Where(r => r.Flow.DstPort == 80 && r.Flag == "SF").ToList();

        Assert.Equal(LoopbackTrafficCapture.CurlRequests, http.Count);
        Assert.All(http, r => Assert.Equal("http", r.Service));
        Assert.All(http, r => Assert.InRange(r["dst_bytes"], 4321 + 100, 4321 + 1000)); // page plus response headers
        Assert.All(http, r => Assert.InRange(r["src_bytes"], 60, 200)); // one GET request
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void The_syn_scan_is_rejected_on_closed_ports_and_reset_by_the_scanner_on_the_open_one()
    {
        var scan = Records.Where(r => r.ProtocolType == "tcp" && r.Flow.DstPort is >= 1 and <= 200 and not LoopbackTrafficCapture.UnansweredFloodPort and not LoopbackTrafficCapture.ClosedFloodPort)
            .Where(r => r.Flag != "SF")
            .ToList();

        Assert.Equal(Enumerable.Range(1, 200).Where(p => p is not 80 and not LoopbackTrafficCapture.UnansweredFloodPort and not LoopbackTrafficCapture.ClosedFloodPort),
            scan.Where(r => r.Flag == "REJ").Select(r => r.Flow.DstPort).Distinct().Order());
        Assert.Contains(scan, r => r.Flow.DstPort == 80 && r.Flag == "RSTO");
        Assert.Contains(scan, r => r.Flow.DstPort == 22 && r.Service == "ssh");
        Assert.Contains(scan, r => r.Flow.DstPort == 23 && r.Service == "telnet");
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void Floods_are_rej_against_a_closed_port_and_s0_when_unanswered()
    {
        var rejected = Records.Where(r => r.Flow.DstPort == LoopbackTrafficCapture.ClosedFloodPort).ToList();
        var unanswered = Records.Where(r => r.Flow.DstPort == LoopbackTrafficCapture.UnansweredFloodPort).ToList();

        Assert.Equal(Expected.All.Count(c => c.DestinationPort == LoopbackTrafficCapture.ClosedFloodPort), rejected.Count);
        Assert.True(rejected.Count >= 100, $"only {rejected.Count} rejected SYNs were captured");
        Assert.All(rejected, r => Assert.Equal("REJ", r.Flag));
        Assert.All(rejected, r => Assert.Equal("private", r.Service));
        Assert.Equal(Expected.All.Count(c => c.DestinationPort == LoopbackTrafficCapture.UnansweredFloodPort), unanswered.Count);
        Assert.True(unanswered.Count >= 100, $"only {unanswered.Count} unanswered SYNs were captured");
        Assert.All(unanswered, r => Assert.Equal("S0", r.Flag));
        Assert.All(unanswered, r => Assert.Equal("discard", r.Service));

        var lastRejected = rejected[^1];
        // A flood dominates both windows of its last connection.
        Assert.InRange(lastRejected["rerror_rate"], 0.9, 1.0);
        Assert.InRange(lastRejected["dst_host_srv_rerror_rate"], 0.9, 1.0);
        Assert.InRange(lastRejected["dst_host_srv_count"], 90, 100);
        var lastUnanswered = unanswered[^1];
        Assert.InRange(lastUnanswered["srv_serror_rate"], 0.9, 1.0);
        Assert.InRange(lastUnanswered["dst_host_serror_rate"], 0.9, 1.0);
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void The_icmp_sweep_gives_one_echo_connection_per_address()
    {
        var echoes = Records.Where(r => r.ProtocolType == "icmp").ToList();
        var expected = Expected.All.Where(c => c.Protocol == "icmp").ToList();

        Assert.Equal(LoopbackTrafficCapture.SweptAddresses, expected.Count);
        Assert.Equal(expected.Select(c => c.DestinationIp).Order(StringComparer.Ordinal), echoes.Select(r => r.Flow.DstIp).Order(StringComparer.Ordinal));
        Assert.All(echoes, r => Assert.Equal("eco_i", r.Service));
        Assert.All(echoes, r => Assert.Equal("SF", r.Flag));
        Assert.All(echoes, r => Assert.Equal(8, r.Flow.SrcPort));
        foreach (var connection in expected)
        {
            var record = echoes.Single(r => r.Flow.DstIp == connection.DestinationIp);
            Assert.Equal(connection.SourceBytes, record["src_bytes"]);
            Assert.Equal(connection.DestinationBytes, record["dst_bytes"]);
        }
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void Window_features_match_a_reference_computed_from_the_tshark_connections()
    {
        var unmatched = Expected.All.Where(c => c.Protocol == "tcp").ToList();
        var reference = new List<ReferenceTrafficFeatures.Connection>();
        foreach (var record in Records)
        {
            var flag = record.Flag;
            var destination = record.Flow.DstIp;
            var sourcePort = record.Flow.SrcPort;
            if (record.ProtocolType == "tcp")
            {
                var witness = unmatched.First(c => c.Key == KeyOf(record));
                unmatched.Remove(witness);
                flag = witness.ExpectedFlag ?? flag;
                destination = witness.DestinationIp;
                sourcePort = witness.SourcePort;
            }

            var reported = (record.Record.ObservedAt - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
            reference.Add(new(reported, destination, record.Service, sourcePort, flag));
        }

        for (var i = 0; i < Records.Count; i++)
        {
            foreach (var (name, value) in ReferenceTrafficFeatures.Compute(reference, i))
            {
                Assert.True(value == Records[i][name], $"record {i} ({KeyOf(Records[i])}): {name} is {Records[i][name]}, reference {value}");
            }
        }

        Assert.Contains(Records, r => r["count"] >= 100);
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss", "editcap")]
    public void Pcapng_replay_gives_the_same_connections()
    {
        var pcapng = Path.Combine(LoopbackTrafficCapture.Instance.Directory, "loopback.pcapng");
        ProcessRunner.RunChecked("editcap", "-F", "pcapng", LoopbackTrafficCapture.Instance.PcapPath, pcapng);

        var (records, _) = Agent.Replay(pcapng);

        Assert.Equal(Records.Select(Describe), records.Select(Describe));
    }

    [RootFact("tcpdump", "tshark", "nmap", "hping3", "curl", "python3", "ss")]
    public void A_bpf_filter_limits_what_is_tracked()
    {
        var (records, summary) = Agent.Replay(LoopbackTrafficCapture.Instance.PcapPath, "--filter", "tcp port 80");

        Assert.Equal(Records.Count(r => r.ProtocolType == "tcp" && (r.Flow.DstPort == 80 || r.Flow.SrcPort == 80)), records.Count);
        Assert.All(records, r => Assert.Equal("http", r.Service));
        Assert.True(summary.GetProperty("packets_read").GetInt64() < Expected.Packets);
    }

    private static string KeyOf(AgentRecord r) => $"{r.Flow.Protocol} {r.Flow.SrcIp}:{r.Flow.SrcPort} > {r.Flow.DstIp}:{r.Flow.DstPort}";

    private static string Describe(AgentRecord r) => $"{KeyOf(r)} {r.Flag} {r.Service} {r["src_bytes"]} {r["dst_bytes"]} {r["count"]} {r.Record.ObservedAt:O}";
}
