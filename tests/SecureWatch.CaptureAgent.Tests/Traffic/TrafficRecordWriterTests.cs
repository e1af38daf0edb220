using System.Buffers;
using System.Text;
using SecureWatch.Core.Sources;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Tests.Traffic;

/// <summary>The agent's direct record writer against the contract's serializer and the host's parser.</summary>
public sealed class TrafficRecordWriterTests
{
    [Fact]
    public void Writes_byte_for_byte_what_the_record_serializer_writes()
    {
        var writer = new TrafficRecordWriter();
        foreach (var (connection, features) in Samples())
        {
            var written = Write(writer, connection, features, out var eventId);

            var expected = TrafficRecordJson.Serialize(TrafficRecordFactory.Create(connection, features) with { EventId = eventId });
            Assert.Equal(expected, Encoding.UTF8.GetString(written));
        }
    }

    [Fact]
    public void The_hosts_parser_accepts_what_the_agent_writes()
    {
        var writer = new TrafficRecordWriter();
        foreach (var (connection, features) in Samples())
        {
            var written = Write(writer, connection, features, out var eventId);

            Assert.True(TrafficRecordParser.TryParse(written, out var record, out var reason, out var message), $"{reason}: {message}");
            Assert.Equal(eventId, record.EventId);
            Assert.Equal(DataSourceNames.PacketCapture, record.DataSource);
            Assert.Equal(features.SerrorRate, record.Features["serror_rate"].Number);
            Assert.Equal(features.SrcBytes, record.Features["src_bytes"].Number);
        }
    }

    [Fact]
    public void Event_ids_are_distinct_version_7_uuids_of_the_wall_clock()
    {
        var generator = new EventIdGenerator();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ids = Enumerable.Range(0, 5_000).Select(_ => generator.Next()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        var millis = Convert.ToInt64(ids[^1].ToString("N")[..12], 16);
        Assert.InRange(millis, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static byte[] Write(TrafficRecordWriter writer, in CompletedConnection connection, in KddFeatureVector features, out Guid eventId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        eventId = writer.Write(buffer, connection, features);

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every protocol and address family, every rate from 0 to 1, odd timestamps and counts beyond 1e15.</summary>
    private static IEnumerable<(CompletedConnection, KddFeatureVector)> Samples()
    {
        var random = new Random(11);
        byte[] protocols = [IpProtocols.Tcp, IpProtocols.Udp, IpProtocols.Icmp, IpProtocols.Icmpv6];
        long[] micros = [0, 1, 951_782_400_000_000, 1_764_000_000_999_999, 253_402_300_000_000_000];
        long[] bytes = [0, 1, 65_535, 999_999_999_999_999, 1_000_000_000_000_000, long.MaxValue];
        for (var i = 0; i < 400; i++)
        {
            var protocol = protocols[i % protocols.Length];
            var ipv6 = protocol == IpProtocols.Icmpv6 || i % 7 == 0;
            var connection = new CompletedConnection
            {
                OriginatorAddress = ipv6 ? IpAddressBits.FromIpAddress(System.Net.IPAddress.Parse(i % 2 == 0 ? "2001:db8::1" : "fe80::1:0:0:2")) : IpAddressBits.FromIpv4([10, 0, (byte)i, 255]),
                ResponderAddress = ipv6 ? IpAddressBits.FromIpAddress(System.Net.IPAddress.Parse("::1")) : IpAddressBits.FromIpv4([192, 168, 0, (byte)(i * 3)]),
                OriginatorPort = (ushort)random.Next(0, 65_536),
                ResponderPort = (ushort)random.Next(0, 65_536),
                Protocol = protocol,
                ReportedMicros = micros[i % micros.Length] + random.Next(0, 1_000_000),
            };
            var features = new KddFeatureVector
            {
                Duration = bytes[i % 4] / 1_000,
                Protocol = protocol,
                Service = (byte)(i % KddServices.Count),
                Flag = (KddFlag)(i % Enum.GetValues<KddFlag>().Length),
                SrcBytes = bytes[i % bytes.Length],
                DstBytes = bytes[(i + 3) % bytes.Length],
                Land = i % 2,
                WrongFragment = i % 3,
                Urgent = i % 5,
                Count = random.Next(0, 512),
                SrvCount = random.Next(0, 512),
                SerrorRate = (i % 101) / 100.0,
                SrvSerrorRate = KddFeatureVector.Rate(random.Next(0, 100), 100),
                RerrorRate = KddFeatureVector.Rate(i % 7, 7),
                SrvRerrorRate = KddFeatureVector.Rate(i % 3, 3),
                SameSrvRate = KddFeatureVector.Rate(random.Next(0, 256), 256),
                DiffSrvRate = 1,
                SrvDiffHostRate = i % 11 == 0 ? 1.0 / 3 : 0.5,
                DstHostCount = random.Next(0, 256),
                DstHostSrvCount = random.Next(0, 256),
                DstHostSameSrvRate = KddFeatureVector.Rate(i % 256, 255),
                DstHostDiffSrvRate = 0.99,
                DstHostSameSrcPortRate = 0.01,
                DstHostSrvDiffHostRate = 0.07,
                DstHostSerrorRate = 0.57,
                DstHostSrvSerrorRate = 0.29,
                DstHostRerrorRate = 0.14,
                DstHostSrvRerrorRate = i % 13 == 0 ? 1e-7 : 0.58,
            };
            yield return (connection, features);
        }
    }
}
