using System.Buffers.Binary;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Decoding;
using static SecureWatch.CaptureAgent.Tests.Support.PacketBuilder;

namespace SecureWatch.CaptureAgent.Tests.Capture;

/// <summary>The agent's own pcap reader hands out exactly what libpcap reads from the same file (more than one 1 MiB block).</summary>
public sealed class PcapFileReaderTests : IDisposable
{
    // A filter that keeps every packet: with a filter the file goes through libpcap.
    private const string LibpcapReads = "ip or not ip";
    private readonly string _directory = Directory.CreateTempSubdirectory("sw-reader-").FullName;

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Reads_each_byte_order_and_timestamp_precision_as_libpcap_does(bool bigEndian, bool nanoseconds)
    {
        var path = WritePcap(bigEndian, nanoseconds, Packets(), truncateLast: 0);

        var own = ReadAll(path, filter: null);
        var libpcap = ReadAll(path, LibpcapReads);

        Assert.Equal(Packets().Count, own.Count);
        Assert.Equal(libpcap, own);
        Assert.Equal(1_763_700_000_123_456, own[0].Micros);
    }

    [Fact]
    public void A_file_cut_inside_a_packet_is_an_error_like_libpcaps()
    {
        var path = WritePcap(bigEndian: false, nanoseconds: false, Packets(), truncateLast: 5);

        var error = Assert.Throws<CaptureException>(() => ReadAll(path, filter: null));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Throws<CaptureException>(() => ReadAll(path, LibpcapReads));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<byte[]> Packets() =>
    [
        .. Enumerable.Range(0, 25_000).Select(i => EthernetIpv4Tcp("10.0.0.1", (ushort)(1024 + i), "10.0.0.2", 80, TcpFlags.Syn)),
        EthernetIpv4Tcp("10.0.0.2", 80, "10.0.0.1", 1024, TcpFlags.Ack, 60_000),
    ];

    private static List<(long Micros, int Length, string Data)> ReadAll(string path, string? filter)
    {
        using var source = PacketSource.OpenFile(path, filter);
        Assert.Equal(LinkTypes.Ethernet, source.LinkType);
        var packets = new List<(long, int, string)>();
        while (source.Read(out var packet) == ReadResult.Packet)
        {
            packets.Add((packet.TimestampMicros, packet.OriginalLength, Convert.ToHexString(packet.Data)));
        }

        return packets;
    }

    private string WritePcap(bool bigEndian, bool nanoseconds, List<byte[]> frames, int truncateLast)
    {
        var path = Path.Combine(_directory, $"{bigEndian}-{nanoseconds}.pcap");
        using var file = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        U32(header, nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        U16(header[4..], 2);
        U16(header[6..], 4);
        U32(header[16..], 262_144);
        U32(header[20..], (uint)LinkTypes.Ethernet);
        file.Write(header);
        Span<byte> record = stackalloc byte[16];
        for (var i = 0; i < frames.Count; i++)
        {
            var micros = 1_763_700_000_123_456 + (i * 7);
            U32(record, (uint)(micros / 1_000_000));
            U32(record[4..], (uint)(micros % 1_000_000 * (nanoseconds ? 1000 : 1)));
            U32(record[8..], (uint)frames[i].Length);
            U32(record[12..], (uint)frames[i].Length + 4);
            file.Write(record);
            file.Write(frames[i]);
        }

        File.WriteAllBytes(path, file.ToArray()[..^truncateLast]);
        return path;

        void U32(Span<byte> target, uint value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(target, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(target, value);
            }
        }

        void U16(Span<byte> target, ushort value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(target, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(target, value);
            }
        }
    }
}
