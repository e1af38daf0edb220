using System.Globalization;

namespace SecureWatch.CaptureAgent.Tests.RealTraffic;

/// <summary>
/// Connections rebuilt from tshark's per-packet fields by the simplest rules that fit the test traffic,
/// independently of the agent's decoder and tracker.
/// </summary>
internal sealed class TsharkConnections
{
    public sealed class Connection
    {
        public required string SourceIp { get; init; }

        public required string DestinationIp { get; init; }

        public required int SourcePort { get; init; }

        public required int DestinationPort { get; init; }

        public required string Protocol { get; init; }

        public long SourceBytes { get; set; }

        public long DestinationBytes { get; set; }

        public bool OriginatorSyn { get; set; }

        public bool ResponderSynAck { get; set; }

        public bool OriginatorRst { get; set; }

        public bool ResponderRst { get; set; }

        public bool OriginatorFin { get; set; }

        public bool ResponderFin { get; set; }

        public int ResponderPackets { get; set; }

        public bool Finished => OriginatorRst || ResponderRst || (OriginatorFin && ResponderFin);

        /// <summary>The KDD flag for the shapes the tests produce; null for anything else.</summary>
        public string? ExpectedFlag => Protocol != "tcp" ? "SF"
            : OriginatorSyn && ResponderPackets == 0 && !OriginatorRst && !OriginatorFin ? "S0"
            : OriginatorSyn && ResponderRst && !ResponderSynAck ? "REJ"
            : OriginatorSyn && ResponderSynAck && OriginatorRst && !ResponderRst ? "RSTO"
            : OriginatorSyn && ResponderSynAck && OriginatorFin && ResponderFin && !OriginatorRst && !ResponderRst ? "SF"
            : null;

        public string Key => $"{Protocol} {SourceIp}:{SourcePort} > {DestinationIp}:{DestinationPort}";
    }

    public static readonly string[] Fields =
        ["frame.time_epoch", "ip.src", "ip.dst", "ip.proto", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.len", "icmp.type", "icmp.ident", "icmp.seq", "ip.len", "ip.hdr_len"];

    public List<Connection> All { get; } = [];

    public int Packets { get; private set; }

    public static TsharkConnections Parse(string tsharkOutput)
    {
        var result = new TsharkConnections();
        var open = new Dictionary<string, Connection>();
        foreach (var line in tsharkOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            result.Packets++;
            var source = f[1];
            var destination = f[2];
            if (f[3] == "6")
            {
                var sourcePort = Int(f[4]);
                var destinationPort = Int(f[5]);
                var flags = Convert.ToInt32(f[6], 16);
                var payload = Int(f[7]);
                var key = string.CompareOrdinal($"{source}:{sourcePort:D5}", $"{destination}:{destinationPort:D5}") <= 0
                    ? $"{source}:{sourcePort}-{destination}:{destinationPort}"
                    : $"{destination}:{destinationPort}-{source}:{sourcePort}";
                var syn = (flags & 0x02) != 0;
                var ack = (flags & 0x10) != 0;
                if (!open.TryGetValue(key, out var connection) || (connection.Finished && syn && !ack))
                {
                    connection = new Connection { SourceIp = source, DestinationIp = destination, SourcePort = sourcePort, DestinationPort = destinationPort, Protocol = "tcp" };
                    open[key] = connection;
                    result.All.Add(connection);
                }

                var fromOriginator = connection.SourceIp == source && connection.SourcePort == sourcePort;
                if (fromOriginator)
                {
                    connection.SourceBytes += payload;
                    connection.OriginatorSyn |= syn && !ack;
                    connection.OriginatorRst |= (flags & 0x04) != 0;
                    connection.OriginatorFin |= (flags & 0x01) != 0;
                }
                else
                {
                    connection.DestinationBytes += payload;
                    connection.ResponderPackets++;
                    connection.ResponderSynAck |= syn && ack;
                    connection.ResponderRst |= (flags & 0x04) != 0;
                    connection.ResponderFin |= (flags & 0x01) != 0;
                }
            }
            else if (f[3] == "1" && f[8] is "8" or "0")
            {
                var key = $"icmp {Int(f[9])}/{Int(f[10])} {string.Join('-', new[] { source, destination }.Order(StringComparer.Ordinal))}";
                var length = Int(f[11]) - Int(f[12]);
                if (!open.TryGetValue(key, out var connection))
                {
                    connection = new Connection { SourceIp = source, DestinationIp = destination, SourcePort = Int(f[8]), DestinationPort = 0, Protocol = "icmp" };
                    open[key] = connection;
                    result.All.Add(connection);
                    connection.SourceBytes += length;
                }
                else
                {
                    connection.DestinationBytes += length;
                    connection.ResponderPackets++;
                }
            }
        }

        return result;
    }

    private static int Int(string text) => int.Parse(text.Split(',')[0], CultureInfo.InvariantCulture);
}
