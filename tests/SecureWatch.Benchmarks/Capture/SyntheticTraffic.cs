using System.Buffers.Binary;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>
/// A large synthetic capture: 64 interleaved streams of web sessions, rejected and unanswered SYNs, DNS
/// over UDP and pings, as Ethernet frames cut to 96 bytes like a header-only capture (the IP lengths
/// still carry the full sizes). Written as a classic pcap file and kept in memory for the benchmarks.
/// </summary>
public sealed class SyntheticTraffic
{
    public const int SnapshotLength = 96;
    private const int Streams = 64;
    private readonly List<byte[]> _frames = [];
    private readonly List<long> _timestamps = [];
    private readonly Random _random = new(42);
    private ushort _nextPort = 1024;

    private SyntheticTraffic()
    {
    }

    public int Count => _frames.Count;

    public IReadOnlyList<byte[]> Frames => _frames;

    public IReadOnlyList<long> TimestampsMicros => _timestamps;

    public static SyntheticTraffic Generate(int packets)
    {
        var traffic = new SyntheticTraffic();
        var streams = new Queue<byte[]>[Streams];
        for (var i = 0; i < Streams; i++)
        {
            streams[i] = new Queue<byte[]>();
        }

        long micros = 1_700_000_000_000_000;
        var stream = 0;
        while (traffic._frames.Count < packets)
        {
            var queue = streams[stream];
            if (queue.Count == 0)
            {
                traffic.NextConnection(queue);
            }

            traffic._frames.Add(queue.Dequeue());
            micros += traffic._random.Next(1, 20);
            traffic._timestamps.Add(micros);
            stream = (stream + 1) % Streams;
        }

        return traffic;
    }

    public void WritePcap(string path)
    {
        using var file = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapshotLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        file.Write(header);
        Span<byte> record = stackalloc byte[16];
        for (var i = 0; i < _frames.Count; i++)
        {
            var frame = _frames[i];
            var captured = Math.Min(frame.Length, SnapshotLength);
            var onWire = 14 + BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(16));
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(_timestamps[i] / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(_timestamps[i] % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)captured);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)onWire);
            file.Write(record);
            file.Write(frame.AsSpan(0, captured));
        }
    }

    private void NextConnection(Queue<byte[]> queue)
    {
        var client = 0x0A000000u | (uint)_random.Next(1, 2000);
        var server = 0xC0A80000u | (uint)_random.Next(1, 30);
        var port = _nextPort++;
        if (_nextPort == 0)
        {
            _nextPort = 1024;
        }

        switch (_random.Next(10))
        {
            case < 6:
                var service = _random.Next(3) switch { 0 => (ushort)443, 1 => (ushort)22, _ => (ushort)80 };
                queue.Enqueue(Tcp(client, port, server, service, 0x02, 0));
                queue.Enqueue(Tcp(server, service, client, port, 0x12, 0));
                queue.Enqueue(Tcp(client, port, server, service, 0x10, 0));
                queue.Enqueue(Tcp(client, port, server, service, 0x18, _random.Next(100, 600)));
                for (var i = _random.Next(1, 6); i > 0; i--)
                {
                    queue.Enqueue(Tcp(server, service, client, port, 0x10, 1448));
                }

                queue.Enqueue(Tcp(client, port, server, service, 0x10, 0));
                queue.Enqueue(Tcp(client, port, server, service, 0x11, 0));
                queue.Enqueue(Tcp(server, service, client, port, 0x11, 0));
                queue.Enqueue(Tcp(client, port, server, service, 0x10, 0));
                break;
            case 6:
                var closed = (ushort)_random.Next(1, 1024);
                queue.Enqueue(Tcp(client, port, server, closed, 0x02, 0));
                queue.Enqueue(Tcp(server, closed, client, port, 0x14, 0));
                break;
            case 7:
                queue.Enqueue(Tcp(client, port, server, 8080, 0x02, 0));
                break;
            case 8:
                queue.Enqueue(Udp(client, port, server, 53, _random.Next(20, 60)));
                queue.Enqueue(Udp(server, 53, client, port, _random.Next(60, 400)));
                break;
            default:
                queue.Enqueue(Icmp(client, server, 8, port, 56));
                queue.Enqueue(Icmp(server, client, 0, port, 56));
                break;
        }
    }

    private static byte[] Tcp(uint source, ushort sourcePort, uint destination, ushort destinationPort, byte flags, int payload)
    {
        var frame = Ip(source, destination, 6, 20, payload, out var l4);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 2), destinationPort);
        frame[l4 + 12] = 0x50;
        frame[l4 + 13] = flags;
        return frame;
    }

    private static byte[] Udp(uint source, ushort sourcePort, uint destination, ushort destinationPort, int payload)
    {
        var frame = Ip(source, destination, 17, 8, payload, out var l4);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 4), (ushort)(8 + payload));
        return frame;
    }

    private static byte[] Icmp(uint source, uint destination, byte type, ushort identifier, int payload)
    {
        var frame = Ip(source, destination, 1, 8, payload, out var l4);
        frame[l4] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(l4 + 4), identifier);
        return frame;
    }

    /// <summary>Ethernet + IPv4 header + transport header, truncated to the snapshot length.</summary>
    private static byte[] Ip(uint source, uint destination, byte protocol, int transportHeader, int payload, out int transportOffset)
    {
        var frame = new byte[Math.Min(14 + 20 + transportHeader + payload, SnapshotLength)];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        frame[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(20 + transportHeader + payload));
        frame[22] = 64;
        frame[23] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(26), source);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(30), destination);
        transportOffset = 34;
        return frame;
    }
}
