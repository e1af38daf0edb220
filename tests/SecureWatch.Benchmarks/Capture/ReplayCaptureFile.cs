using System.Buffers.Binary;
using SecureWatch.Testing;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>
/// The reference capture of the replay benchmark (agent against <c>tcpdump -nr</c>): about 1.19 M packets and
/// 377 k connections on a loopback-style Ethernet link (zero MACs). Mostly an hping3-style SYN flood on port 80
/// (SYN, SYN-ACK, the sender kernel's RST), with curl sessions to a web server, repeated nmap SYN scans of
/// 1,000 ports, DNS-like UDP and pings mixed in at their own times. Deterministic (fixed seed), written
/// streaming, so the same file comes out on every machine.
/// </summary>
public static class ReplayCaptureFile
{
    public const int FloodConnections = 360_000;
    public const int CurlSessions = 10_000;
    public const int NmapScans = 5;
    public const int NmapPorts = 1_000;
    public const int UdpExchanges = 1_000;
    public const int Pings = 1_000;

    private const long Start = 1_764_000_000_000_000;
    private const long FloodSpacingMicros = 12;
    private const uint Server = 0x0A000001; // 10.0.0.1
    private const uint CurlClient = 0x0A000002;
    private const uint Scanner = 0x0A000003;
    private const uint FloodSourceBase = 0x0A000100; // 10.0.1.x, as hping3 -a would rotate them

    public static void Write(string path)
    {
        var background = Background();
        using var writer = new PcapFileWriter(path, linkType: 1);
        var next = 0;
        for (var i = 0; i < FloodConnections; i++)
        {
            var t = Start + (i * FloodSpacingMicros);
            var source = FloodSourceBase + 1 + (uint)(i / 60_000 % 16);
            var port = (ushort)(1024 + (i % 60_000));
            next = WriteUntil(writer, background, next, t);
            writer.Write(t, Frames.Tcp(source, port, Server, 80, TcpFlagBits.Syn, 0, options: 0));
            writer.Write(t + 3, Frames.Tcp(Server, 80, source, port, TcpFlagBits.Syn | TcpFlagBits.Ack, 0, options: 4));
            writer.Write(t + 6, Frames.Tcp(source, port, Server, 80, TcpFlagBits.Rst, 0, options: 0));
        }

        WriteUntil(writer, background, next, long.MaxValue);
    }

    /// <summary>Everything but the flood, sorted by time: about 114 k packets over the flood's 4.3 s.</summary>
    private static List<(long Micros, byte[] Frame)> Background()
    {
        var random = new Random(1709);
        var span = FloodConnections * FloodSpacingMicros;
        var packets = new List<(long, byte[])>();
        for (var i = 0; i < CurlSessions; i++)
        {
            var t = Start + (span * i / CurlSessions) + random.Next(0, 200);
            var port = (ushort)(32768 + (i % 28_000));
            (bool FromClient, byte Flags, int Payload)[] session =
            [
                (true, TcpFlagBits.Syn, 0), (false, TcpFlagBits.Syn | TcpFlagBits.Ack, 0), (true, TcpFlagBits.Ack, 0),
                (true, TcpFlagBits.Psh | TcpFlagBits.Ack, 78), (false, TcpFlagBits.Ack, 0), (false, TcpFlagBits.Psh | TcpFlagBits.Ack, 612),
                (true, TcpFlagBits.Ack, 0), (true, TcpFlagBits.Fin | TcpFlagBits.Ack, 0), (false, TcpFlagBits.Fin | TcpFlagBits.Ack, 0),
                (true, TcpFlagBits.Ack, 0),
            ];
            foreach (var (fromClient, flags, payload) in session)
            {
                t += random.Next(5, 60);
                packets.Add((t, fromClient
                    ? Frames.Tcp(CurlClient, port, Server, 80, flags, payload, options: 12)
                    : Frames.Tcp(Server, 80, CurlClient, port, flags, payload, options: 12)));
            }
        }

        for (var scan = 0; scan < NmapScans; scan++)
        {
            var t = Start + (span * (scan + 1) / (NmapScans + 1));
            var sourcePort = (ushort)(40_000 + scan);
            for (var port = (ushort)1; port <= NmapPorts; port++)
            {
                t += random.Next(20, 80);
                packets.Add((t, Frames.Tcp(Scanner, sourcePort, Server, port, TcpFlagBits.Syn, 0, options: 4)));
                if (port is 22 or 80)
                {
                    packets.Add((t + 4, Frames.Tcp(Server, port, Scanner, sourcePort, TcpFlagBits.Syn | TcpFlagBits.Ack, 0, options: 4)));
                    packets.Add((t + 8, Frames.Tcp(Scanner, sourcePort, Server, port, TcpFlagBits.Rst, 0, options: 0)));
                }
                else
                {
                    packets.Add((t + 4, Frames.Tcp(Server, port, Scanner, sourcePort, TcpFlagBits.Rst | TcpFlagBits.Ack, 0, options: 0)));
                }
            }
        }

        for (var i = 0; i < UdpExchanges; i++)
        {
            var t = Start + (span * i / UdpExchanges) + random.Next(0, 500);
            var port = (ushort)(50_000 + i);
            packets.Add((t, Frames.Udp(CurlClient, port, Server, 53, random.Next(20, 60))));
            packets.Add((t + random.Next(20, 90), Frames.Udp(Server, 53, CurlClient, port, random.Next(60, 300))));
        }

        for (var i = 0; i < Pings; i++)
        {
            var t = Start + (span * i / Pings) + random.Next(0, 500);
            packets.Add((t, Frames.Icmp(CurlClient, Server, 8, (ushort)i)));
            packets.Add((t + random.Next(5, 30), Frames.Icmp(Server, CurlClient, 0, (ushort)i)));
        }

        packets.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return packets;
    }

    private static class TcpFlagBits
    {
        public const byte Fin = 0x01;
        public const byte Syn = 0x02;
        public const byte Rst = 0x04;
        public const byte Psh = 0x08;
        public const byte Ack = 0x10;
    }

    /// <summary>Whole frames (no snapshot cut) as tcpdump -w on lo would keep them; checksums are left zero.</summary>
    private static class Frames
    {
        public static byte[] Tcp(uint source, ushort sourcePort, uint destination, ushort destinationPort, byte flags, int payload, int options)
        {
            var header = 20 + options;
            var frame = Ip(source, destination, 6, header + payload, out var l4);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4), sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 2), destinationPort);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(l4 + 4), 1_000_000u + sourcePort);
            frame[l4 + 12] = (byte)((header / 4) << 4);
            frame[l4 + 13] = flags;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 14), 65_495);
            for (var i = 0; i < options; i++)
            {
                frame[l4 + 20 + i] = 1; // NOP options: valid, and the header length is what matters
            }

            return frame;
        }

        public static byte[] Udp(uint source, ushort sourcePort, uint destination, ushort destinationPort, int payload)
        {
            var frame = Ip(source, destination, 17, 8 + payload, out var l4);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4), sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 2), destinationPort);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 4), (ushort)(8 + payload));
            return frame;
        }

        public static byte[] Icmp(uint source, uint destination, byte type, ushort sequence)
        {
            var frame = Ip(source, destination, 1, 64, out var l4);
            frame[l4] = type;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 4), 0x1234);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 6), sequence);
            return frame;
        }

        private static byte[] Ip(uint source, uint destination, byte protocol, int ipPayload, out int transportOffset)
        {
            var frame = new byte[14 + 20 + ipPayload];
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
            frame[14] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(20 + ipPayload));
            frame[20] = 0x40; // don't fragment
            frame[22] = 64;
            frame[23] = protocol;
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(26), source);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(30), destination);
            transportOffset = 34;
            return frame;
        }
    }

    /// <summary>Writes the packets of <paramref name="sorted"/> from <paramref name="next"/> on that are earlier than <paramref name="micros"/>.</summary>
    private static int WriteUntil(PcapFileWriter writer, List<(long Micros, byte[] Frame)> sorted, int next, long micros)
    {
        while (next < sorted.Count && sorted[next].Micros < micros)
        {
            writer.Write(sorted[next].Micros, sorted[next].Frame);
            next++;
        }

        return next;
    }
}
