using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tests.Support;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Features;

namespace SecureWatch.CaptureAgent.Tests.Features;

public sealed class TrafficFeatureTests
{
    [Fact]
    public void Window_features_match_a_scan_over_all_earlier_connections()
    {
        var random = new Random(7);
        var sink = new CollectingFeatureSink();
        var calculator = new FeatureCalculator(sink);
        KddFlag[] flags = [KddFlag.SF, KddFlag.SF, KddFlag.S0, KddFlag.REJ, KddFlag.S1, KddFlag.RSTO, KddFlag.S3];
        ushort[] ports = [80, 80, 22, 443, 25, 6000, 31337];
        var reference = new List<ReferenceTrafficFeatures.Connection>();
        long micros = 1_000_000_000;
        for (var i = 0; i < 3_000; i++)
        {
            micros += random.Next(0, 50) == 0 ? random.Next(0, 3_000_000) : random.Next(0, 10_000);
            var connection = new CompletedConnection
            {
                OriginatorAddress = (UInt128)random.Next(1, 4),
                ResponderAddress = (UInt128)random.Next(10, 13),
                OriginatorPort = (ushort)random.Next(1024, 1030),
                ResponderPort = ports[random.Next(ports.Length)],
                Protocol = 6,
                FirstMicros = micros - 1000,
                LastMicros = micros,
                ReportedMicros = micros,
                Flag = flags[random.Next(flags.Length)],
            };
            connection.Service = KddServices.ForTcpPort(connection.ResponderPort);
            calculator.OnConnection(connection);
            reference.Add(new(micros / 1e6, connection.ResponderAddress.ToString(), KddServices.Name(connection.Service), connection.OriginatorPort, connection.Flag.ToString()));
        }

        for (var i = 0; i < reference.Count; i++)
        {
            var expected = ReferenceTrafficFeatures.Compute(reference, i);
            var record = TrafficRecordFactory.Create(sink.Records[i].Connection, sink.Records[i].Features);
            foreach (var (name, value) in expected)
            {
                Assert.True(value == record.Features[name].Number, $"record {i}: {name} is {record.Features[name].Number}, expected {value}");
            }
        }

        Assert.Contains(sink.Records, r => r.Features.Count > 10);
        Assert.Contains(sink.Records, r => r.Features.Count == 1);
    }

    [Fact]
    public void Dst_host_same_src_port_rate_is_a_share_of_the_connections_to_the_same_host()
    {
        // NSL-KDD has rows such as "dst_host_count 77, dst_host_srv_count 1, dst_host_same_src_port_rate 0.01":
        // the rate is over the connections to the host (1/77), not over those of the service (it would be 1/1).
        var sink = new CollectingFeatureSink();
        var calculator = new FeatureCalculator(sink);
        long micros = 1_000_000_000;
        for (var i = 0; i < 76; i++)
        {
            calculator.OnConnection(Tcp(10, (ushort)(40_000 + i), 80, micros += 100_000));
        }

        calculator.OnConnection(Tcp(10, 50_000, 22, micros + 100_000));

        var last = sink.Records[^1].Features;
        Assert.Equal(77, last.DstHostCount);
        Assert.Equal(1, last.DstHostSrvCount);
        Assert.Equal(0.01, last.DstHostSameSrcPortRate);
    }

    private static CompletedConnection Tcp(UInt128 destination, ushort sourcePort, ushort destinationPort, long micros) => new()
    {
        OriginatorAddress = 1,
        ResponderAddress = destination,
        OriginatorPort = sourcePort,
        ResponderPort = destinationPort,
        Protocol = 6,
        FirstMicros = micros - 1000,
        LastMicros = micros,
        ReportedMicros = micros,
        Flag = KddFlag.SF,
        Service = KddServices.ForTcpPort(destinationPort),
    };

    [Fact]
    public void Basic_features_come_from_the_connection()
    {
        var sink = new CollectingFeatureSink();
        var connection = new CompletedConnection
        {
            OriginatorAddress = 1,
            ResponderAddress = 1,
            OriginatorPort = 21,
            ResponderPort = 21,
            Protocol = 6,
            FirstMicros = 0,
            LastMicros = 2_999_999,
            ReportedMicros = 3_000_000,
            OriginatorBytes = 10,
            ResponderBytes = 20,
            Flag = KddFlag.RSTR,
            Service = KddServices.ForTcpPort(21),
            Land = true,
            WrongFragments = 3,
            UrgentPackets = 2,
        };
        new FeatureCalculator(sink).OnConnection(connection);

        var record = TrafficRecordFactory.Create(sink.Records[0].Connection, sink.Records[0].Features);

        Assert.Equal(KddFeatureSet.Header28.Names.Order(StringComparer.Ordinal), record.Features.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, record.Features["duration"].Number);
        Assert.Equal("tcp", record.Features["protocol_type"].Text);
        Assert.Equal("ftp", record.Features["service"].Text);
        Assert.Equal("RSTR", record.Features["flag"].Text);
        Assert.Equal(10, record.Features["src_bytes"].Number);
        Assert.Equal(20, record.Features["dst_bytes"].Number);
        Assert.Equal(1, record.Features["land"].Number);
        Assert.Equal(3, record.Features["wrong_fragment"].Number);
        Assert.Equal(2, record.Features["urgent"].Number);
        Assert.Equal("header28", record.FeatureSet);
        Assert.Equal("packet_capture", record.DataSource);
        Assert.Equal(new TimeSpan(0, 0, 3), record.ObservedAt - DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [InlineData(80, "http")]
    [InlineData(443, "http_443")]
    [InlineData(6003, "X11")]
    [InlineData(6667, "IRC")]
    [InlineData(161, "private")]
    [InlineData(31337, "other")]
    public void Tcp_ports_map_to_kdd_services(int port, string service) =>
        Assert.Equal(service, KddServices.Name(KddServices.ForTcpPort((ushort)port)));

    [Theory]
    [InlineData(8, 0, false, "eco_i")]
    [InlineData(0, 0, false, "ecr_i")]
    [InlineData(3, 3, false, "urp_i")]
    [InlineData(3, 1, false, "urh_i")]
    [InlineData(5, 1, false, "red_i")]
    [InlineData(13, 0, false, "tim_i")]
    [InlineData(11, 0, false, "oth_i")]
    [InlineData(128, 0, true, "eco_i")]
    [InlineData(1, 4, true, "urp_i")]
    public void Icmp_messages_map_to_kdd_services(int type, int code, bool v6, string service) =>
        Assert.Equal(service, KddServices.Name(KddServices.ForIcmp((byte)type, (byte)code, v6)));
}
