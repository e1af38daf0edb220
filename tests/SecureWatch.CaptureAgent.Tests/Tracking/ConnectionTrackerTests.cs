using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tests.Support;
using SecureWatch.CaptureAgent.Tracking;
using static SecureWatch.CaptureAgent.Tests.Support.PacketBuilder;

namespace SecureWatch.CaptureAgent.Tests.Tracking;

public sealed class ConnectionTrackerTests
{
    private const string Client = "10.0.0.1";
    private const string Server = "10.0.0.2";
    private const byte Syn = TcpFlags.Syn;
    private const byte SynAck = TcpFlags.Syn | TcpFlags.Ack;
    private const byte Ack = TcpFlags.Ack;
    private const byte FinAck = TcpFlags.Fin | TcpFlags.Ack;
    private const byte Rst = TcpFlags.Rst;
    private const byte RstAck = TcpFlags.Rst | TcpFlags.Ack;

    public static TheoryData<string, string> FlagScripts => new()
    {
        // c = client to server, s = server to client; letters are flags, digits payload bytes.
        { "c:S s:SA c:A c:A100 s:A2000 c:FA s:FA c:A", "SF" },
        { "c:S", "S0" },
        { "c:S c:S c:S", "S0" },
        { "c:S s:RA", "REJ" },
        { "c:S s:SA c:A", "S1" },
        { "c:S s:SA c:A c:A10 c:FA", "S2" },
        { "c:S s:SA c:A s:A10 s:FA", "S3" },
        { "c:S s:SA c:A c:R", "RSTO" },
        { "c:S s:SA c:R", "RSTO" },
        { "c:S s:SA c:A s:R", "RSTR" },
        { "c:S c:R", "RSTOS0" },
        { "c:S c:FA", "SH" },
        { "c:A100 s:A10", "OTH" },
        { "c:A100 c:R", "OTH" },
    };

    [Theory]
    [MemberData(nameof(FlagScripts))]
    public void Tcp_flags_follow_zeek_connection_states(string script, string flag)
    {
        var harness = new TrackerHarness();
        Play(harness, script);
        harness.Flush();

        var connection = Assert.Single(harness.Connections);
        Assert.Equal(flag, connection.Flag.ToString());
    }

    [Fact]
    public void A_clean_http_exchange_reports_payload_bytes_per_direction_and_service()
    {
        var harness = new TrackerHarness();
        Play(harness, "c:S s:SA c:A c:A120 s:A1500 s:A700 c:FA s:FA c:A", spacing: 0.75);
        harness.Flush();

        var connection = Assert.Single(harness.Connections);
        Assert.Equal(KddFlag.SF, connection.Flag);
        Assert.Equal(120, connection.OriginatorBytes);
        Assert.Equal(2200, connection.ResponderBytes);
        Assert.Equal(5, connection.OriginatorPackets);
        Assert.Equal("http", KddServices.Name(connection.Service));
        Assert.Equal(40000, connection.OriginatorPort);
        Assert.Equal(80, connection.ResponderPort);
        Assert.Equal(6, Assert.Single(harness.Features).Duration);
    }

    [Fact]
    public void The_originator_is_the_sender_of_the_first_packet_even_mid_stream()
    {
        var harness = new TrackerHarness();
        Play(harness, "s:A500 c:A20");
        harness.Flush();

        var connection = Assert.Single(harness.Connections);
        Assert.Equal(80, connection.OriginatorPort);
        Assert.Equal(40000, connection.ResponderPort);
        Assert.Equal(500, connection.OriginatorBytes);
        Assert.Equal(20, connection.ResponderBytes);
    }

    [Fact]
    public void An_unanswered_syn_is_reported_after_the_syn_timeout_without_waiting_for_the_end()
    {
        var harness = new TrackerHarness(new TrackerOptions { SynTimeout = TimeSpan.FromSeconds(5) });
        harness.Send(0, Ipv4(Client, Server, 6, Tcp(40000, 80, Syn)));
        harness.Send(4, Ipv4(Client, "10.0.0.3", 17, Udp(1, 2, 0)));
        Assert.Empty(harness.Connections);

        harness.Send(5.2, Ipv4(Client, "10.0.0.3", 17, Udp(1, 2, 0)));

        var connection = Assert.Single(harness.Connections);
        Assert.Equal(KddFlag.S0, connection.Flag);
        Assert.Equal(ConnectionEnd.Timeout, connection.End);
        Assert.Equal(TrackerHarness.Micros(5.2), connection.ReportedMicros);
    }

    [Fact]
    public void Each_state_uses_its_own_timeout()
    {
        var options = new TrackerOptions
        {
            SynTimeout = TimeSpan.FromSeconds(10),
            EstablishedTimeout = TimeSpan.FromSeconds(100),
            FinTimeout = TimeSpan.FromSeconds(20),
            RstTimeout = TimeSpan.FromSeconds(1),
            UdpTimeout = TimeSpan.FromSeconds(30),
            IcmpTimeout = TimeSpan.FromSeconds(3),
            ActiveTimeout = TimeSpan.FromHours(1),
        };
        var harness = new TrackerHarness(options);
        harness.Send(0, Ipv4(Client, Server, 6, Tcp(1001, 22, Syn)));                       // handshake: 10 s
        Play(harness, "c:S s:SA c:A", port: 1002);                                         // established: 100 s
        Play(harness, "c:S s:SA c:A c:FA", port: 1003);                                    // half closed: 20 s
        Play(harness, "c:S s:RA", port: 1004);                                             // finished: 1 s
        harness.Send(0, Ipv4(Client, Server, 17, Udp(1005, 53, 10)));                      // udp: 30 s
        harness.Send(0, Ipv4(Client, Server, 1, Icmp(8, 0, 7, 1, 56)));                    // icmp: 3 s

        var reportedBy = new Dictionary<int, double>();
        foreach (var second in Enumerable.Range(1, 120))
        {
            harness.Tracker.AdvanceClock(TrackerHarness.Micros(second));
            foreach (var connection in harness.Connections.Where(c => !reportedBy.ContainsKey(Key(c))))
            {
                reportedBy[Key(connection)] = second;
            }
        }

        Assert.Equal(10, reportedBy[1001]);
        Assert.Equal(101, reportedBy[1002]);
        Assert.Equal(21, reportedBy[1003]);
        Assert.Equal(2, reportedBy[1004]);
        Assert.Equal(30, reportedBy[1005]);
        Assert.Equal(3, reportedBy[-1]);

        static int Key(CompletedConnection c) => c.Protocol == IpProtocols.Icmp ? -1 : c.OriginatorPort;
    }

    [Fact]
    public void A_long_lived_flow_is_reported_in_slices_by_the_active_timeout()
    {
        var harness = new TrackerHarness(new TrackerOptions { ActiveTimeout = TimeSpan.FromSeconds(3) });
        for (var second = 0; second <= 12; second++)
        {
            harness.Send(second, Ipv4(Client, Server, 17, Udp(5000, 123, 48)));
        }

        Assert.Equal(3, harness.Connections.Count);
        Assert.All(harness.Connections, c => Assert.Equal(ConnectionEnd.ActiveTimeout, c.End));
        Assert.All(harness.Connections, c => Assert.Equal(4 * 48, c.OriginatorBytes));
        Assert.Equal([0, 4, 8], harness.Connections.Select(c => (int)((c.FirstMicros - TrackerHarness.Micros(0)) / 1_000_000)));
        Assert.Equal("ntp_u", KddServices.Name(harness.Connections[0].Service));
        harness.Flush();
        Assert.Equal(4, harness.Connections.Count);
        Assert.Equal(48, harness.Connections[3].OriginatorBytes);
        Assert.Equal(3, harness.Tracker.Counters.ActiveTimeoutSlices);
    }

    [Fact]
    public void A_full_table_evicts_the_least_recently_active_flow_and_counts_it()
    {
        var harness = new TrackerHarness(new TrackerOptions { MaxFlows = 16 });
        for (var i = 0; i < 20; i++)
        {
            harness.Send(i * 0.01, Ipv4(Client, Server, 6, Tcp((ushort)(2000 + i), 80, Syn)));
        }

        Assert.Equal(4, harness.Tracker.Counters.FlowsEvicted);
        Assert.Equal([2000, 2001, 2002, 2003], harness.Connections.Select(c => (int)c.OriginatorPort));
        Assert.All(harness.Connections, c => Assert.Equal(ConnectionEnd.Evicted, c.End));
        Assert.Equal(16, harness.Tracker.ActiveFlows);
    }

    [Fact]
    public void A_new_syn_on_a_finished_connection_starts_a_new_one()
    {
        var harness = new TrackerHarness();
        Play(harness, "c:S s:RA c:S s:RA c:S s:SA c:A");
        harness.Flush();

        Assert.Equal(["REJ", "REJ", "S1"], harness.Connections.Select(c => c.Flag.ToString()));
    }

    [Fact]
    public void Overlapping_fragments_are_wrong_and_fragment_bytes_reach_their_connection()
    {
        var harness = new TrackerHarness();
        // A clean datagram in two fragments: 8 bytes UDP header + 40 + 24 payload bytes.
        harness.Send(0, Ipv4(Client, Server, 17, Udp(3000, 4000, 40), id: 1, moreFragments: true));
        harness.Send(0.1, Ipv4(Client, Server, 17, new byte[24], id: 1, fragmentOffset: 48));
        // Teardrop: the second fragment starts inside the first.
        harness.Send(1, Ipv4(Client, Server, 17, Udp(3001, 4000, 40), id: 2, moreFragments: true));
        harness.Send(1.1, Ipv4(Client, Server, 17, new byte[24], id: 2, fragmentOffset: 24));
        // A later fragment of a datagram whose first fragment never came.
        Assert.False(harness.Send(2, Ipv4(Client, Server, 17, new byte[24], id: 3, fragmentOffset: 48)));
        harness.Flush();

        var clean = harness.Connections.Single(c => c.OriginatorPort == 3000);
        var teardrop = harness.Connections.Single(c => c.OriginatorPort == 3001);
        Assert.Equal(0, clean.WrongFragments);
        Assert.Equal(64, clean.OriginatorBytes);
        Assert.Equal(2, clean.OriginatorPackets);
        Assert.Equal(1, teardrop.WrongFragments);
        Assert.Equal(1, harness.Tracker.Counters.OrphanFragments);
    }

    [Fact]
    public void An_oversized_ping_is_a_wrong_fragment()
    {
        var harness = new TrackerHarness();
        harness.Send(0, Ipv4(Client, Server, 1, Icmp(8, 0, 1, 1, 1472), id: 9, moreFragments: true));
        harness.Send(0.01, Ipv4(Client, Server, 1, new byte[1000], id: 9, fragmentOffset: 65_000));
        harness.Flush();

        var ping = Assert.Single(harness.Connections);
        Assert.Equal(1, ping.WrongFragments);
        Assert.Equal("eco_i", KddServices.Name(ping.Service));
    }

    [Fact]
    public void Land_and_urgent()
    {
        var harness = new TrackerHarness();
        harness.Send(0, Ipv4(Server, Server, 6, Tcp(139, 139, Syn)));
        harness.Send(1, Ipv4(Client, Server, 6, Tcp(5000, 139, Syn)));
        harness.Send(1.1, Ipv4(Server, Client, 6, Tcp(139, 5000, SynAck)));
        harness.Send(1.2, Ipv4(Client, Server, 6, Tcp(5000, 139, TcpFlags.Ack | TcpFlags.Urg, 1, urgentPointer: 1)));
        harness.Send(1.3, Ipv4(Client, Server, 6, Tcp(5000, 139, TcpFlags.Ack | TcpFlags.Urg, 1, urgentPointer: 1)));
        harness.Flush();

        var land = harness.Connections.Single(c => c.OriginatorPort == 139);
        var urgent = harness.Connections.Single(c => c.OriginatorPort == 5000);
        Assert.True(land.Land);
        Assert.False(urgent.Land);
        Assert.Equal(2, urgent.UrgentPackets);
        Assert.Equal("netbios_ssn", KddServices.Name(urgent.Service));
    }

    [Fact]
    public void Icmp_echo_request_and_reply_form_one_connection_and_errors_stand_alone()
    {
        var harness = new TrackerHarness();
        harness.Send(0, Ipv4(Client, Server, 1, Icmp(8, 0, 77, 1, 56)));
        harness.Send(0.001, Ipv4(Server, Client, 1, Icmp(0, 0, 77, 1, 56)));
        harness.Send(0.5, Ipv4(Server, Client, 1, Icmp(3, 3, 0, 0, 28)));
        harness.Send(0.6, Ipv4(Server, Client, 1, Icmp(0, 0, 99, 5, 1000)));
        harness.Send(0.7, Ipv6("2001:db8::1", "2001:db8::2", 58, Icmp(128, 0, 1, 1, 8)));
        harness.Flush();

        var names = harness.Connections.Select(c => (KddServices.Name(c.Service), c.OriginatorBytes, c.ResponderBytes)).ToList();
        Assert.Contains(("urp_i", 36L, 0L), names);
        Assert.Contains(("eco_i", 64L, 64L), names);
        Assert.Contains(("ecr_i", 1008L, 0L), names);
        Assert.Contains(("eco_i", 16L, 0L), names);
        Assert.Equal(4, names.Count);
        Assert.All(harness.Connections, c => Assert.Equal(KddFlag.SF, c.Flag));
    }

    [Fact]
    public void Udp_flows_are_bidirectional_and_named_by_the_responder_port()
    {
        var harness = new TrackerHarness();
        harness.Send(0, Ipv4(Client, Server, 17, Udp(33333, 53, 40)));
        harness.Send(0.01, Ipv4(Server, Client, 17, Udp(53, 33333, 200)));
        harness.Flush();

        var dns = Assert.Single(harness.Connections);
        Assert.Equal("domain_u", KddServices.Name(dns.Service));
        Assert.Equal(40, dns.OriginatorBytes);
        Assert.Equal(200, dns.ResponderBytes);
    }

    [Fact]
    public void Ipv6_connections_are_tracked_like_ipv4_ones()
    {
        var harness = new TrackerHarness();
        harness.Send(0, Ipv6("2001:db8::10", "2001:db8::20", 6, Tcp(50000, 443, Syn), IpProtocols.HopByHop));
        harness.Send(0.01, Ipv6("2001:db8::20", "2001:db8::10", 6, Tcp(443, 50000, RstAck)));
        harness.Flush();

        var connection = Assert.Single(harness.Connections);
        Assert.Equal(KddFlag.REJ, connection.Flag);
        Assert.Equal("http_443", KddServices.Name(connection.Service));
        var record = SecureWatch.CaptureAgent.Output.TrafficRecordFactory.Create(connection, harness.Features[0]);
        Assert.Equal(("2001:db8::10", "2001:db8::20", 50000, 443), (record.Flow.SrcIp, record.Flow.DstIp, record.Flow.SrcPort, record.Flow.DstPort));
    }

    /// <summary>Plays "c:S s:SA c:A100 ..." between Client:port and Server:80, one packet per <paramref name="spacing"/> seconds.</summary>
    private static void Play(TrackerHarness harness, string script, double spacing = 0.01, ushort port = 40000)
    {
        var time = 0.0;
        foreach (var step in script.Split(' '))
        {
            var fromClient = step[0] == 'c';
            var letters = new string(step[2..].TakeWhile(char.IsLetter).ToArray());
            var payload = step.Length > 2 + letters.Length ? int.Parse(step[(2 + letters.Length)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            byte flags = 0;
            foreach (var letter in letters)
            {
                flags |= letter switch { 'S' => Syn, 'A' => Ack, 'F' => TcpFlags.Fin, 'R' => Rst, _ => throw new ArgumentException(step) };
            }

            var packet = fromClient
                ? Ipv4(Client, Server, 6, Tcp(port, 80, flags, payload))
                : Ipv4(Server, Client, 6, Tcp(80, port, flags, payload));
            harness.Send(time, packet);
            time += spacing;
        }
    }
}
