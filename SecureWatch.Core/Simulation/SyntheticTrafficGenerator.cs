using System.Globalization;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Simulation;

/// <summary>
/// Builds contract records for demonstrations, load generation and tests: NSL-KDD rows turned into records, or
/// templates of ordinary and hostile connections (web browsing, a SYN flood, a port sweep) with random addresses.
/// Deterministic for a given seed.
/// </summary>
public sealed class SyntheticTrafficGenerator(int seed = 1)
{
    // Real NSL-KDD rows (features only): normal http, normal ftp-data, neptune SYN flood, portsweep, satan probe.
    private static readonly string[][] Templates =
    [
        Split("0,tcp,http,SF,232,8153,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,5,5,0.20,0.20,0.00,0.00,1.00,0.00,0.00,30,255,1.00,0.00,0.03,0.04,0.03,0.01,0.00,0.01"),
        Split("0,tcp,http,SF,199,420,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,30,32,0.00,0.00,0.00,0.00,1.00,0.00,0.09,255,255,1.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00"),
        Split("0,tcp,ftp_data,SF,491,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0.00,0.00,0.00,0.00,1.00,0.00,0.00,150,25,0.17,0.03,0.17,0.00,0.00,0.00,0.05,0.00"),
        Split("0,udp,domain_u,SF,45,44,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,115,115,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,254,1.00,0.01,0.01,0.00,0.00,0.00,0.00,0.00"),
        Split("0,tcp,private,S0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,123,6,1.00,1.00,0.00,0.00,0.05,0.07,0.00,255,26,0.10,0.05,0.00,0.00,1.00,1.00,0.00,0.00"),
        Split("0,tcp,private,REJ,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,0.00,0.00,1.00,1.00,1.00,0.00,0.00,1,1,1.00,0.00,1.00,0.00,0.00,0.00,1.00,1.00"),
    ];

    private readonly Random _random = new(seed);

    public static TrafficRecord FromNslKdd(
        NslKddRecord row, KddFeatureSet set, string dataSource, string? senderIp, TrafficFlow flow, Guid eventId, DateTimeOffset observedAt) =>
        FromFields(row.Fields, set, dataSource, senderIp, flow, eventId, observedAt);

    public static TrafficRecord FromFields(
        IReadOnlyList<string> kdd41Fields, KddFeatureSet set, string dataSource, string? senderIp, TrafficFlow flow, Guid eventId,
        DateTimeOffset observedAt)
    {
        var features = new Dictionary<string, TrafficFeatureValue>(set.Count, StringComparer.Ordinal);
        for (var i = 0; i < set.Count; i++)
        {
            var name = set.Names[i];
            var token = kdd41Fields[set.IndexesInKdd41[i]];
            features[name] = KddFeatureSet.SymbolicNames.Contains(name)
                ? TrafficFeatureValue.FromText(token)
                : TrafficFeatureValue.FromNumber(double.Parse(token, CultureInfo.InvariantCulture));
        }

        return new TrafficRecord
        {
            EventId = eventId,
            ObservedAt = observedAt,
            DataSource = dataSource,
            SenderIp = senderIp,
            Flow = flow with { Protocol = kdd41Fields[1] },
            FeatureSet = set.Name,
            Features = features,
        };
    }

    /// <summary>
    /// Hosts the records come from (10.0.0.1 up), so that a demo looks like a network with a few busy attackers and
    /// its alerts stay few; 0 gives every record a random source address.
    /// </summary>
    public int SourceHosts { get; init; }

    /// <summary>A record from one of the built-in templates, with random addresses (see <see cref="SourceHosts"/>) and ports.</summary>
    public TrafficRecord Next(string dataSource, string? senderIp, KddFeatureSet? set = null)
    {
        var template = Templates[_random.Next(Templates.Length)];
        var flow = new TrafficFlow(
            SourceAddress(),
            $"192.168.{_random.Next(256)}.{_random.Next(1, 255)}",
            _random.Next(1024, 65536),
            template[2] switch { "http" => 80, "ftp_data" => 20, "domain_u" => 53, _ => _random.Next(1, 1024) },
            template[1]);
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return FromFields(
            template, set ?? KddFeatureSet.Kdd41, dataSource, senderIp, flow, new Guid(bytes), DateTimeOffset.UtcNow);
    }

    /// <summary>One connection of a SYN flood (the neptune template) from <paramref name="attacker"/> to one of four hosts.</summary>
    public TrafficRecord NextSynFlood(string dataSource, string attacker, string? senderIp = null)
    {
        var template = Templates[4];
        var flow = new TrafficFlow(attacker, $"192.168.1.{_random.Next(4)}", _random.Next(1024, 65536), 80, template[1]);
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return FromFields(template, KddFeatureSet.Kdd41, dataSource, senderIp, flow, new Guid(bytes), DateTimeOffset.UtcNow);
    }

    private string SourceAddress()
    {
        if (SourceHosts <= 0)
        {
            return $"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}";
        }

        var host = _random.Next(SourceHosts) + 1;
        return $"10.0.{host / 256}.{host % 256}";
    }

        private static string[] Split(string line) => line.Split(',');
}
