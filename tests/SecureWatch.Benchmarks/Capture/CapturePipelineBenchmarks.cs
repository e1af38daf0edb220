using BenchmarkDotNet.Attributes;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>
/// Packets per second through decode + connection tracking + KDD features, per core (one thread), from
/// memory and from a pcap file through libpcap. One operation is one packet; allocations must be 0 B/op.
/// The pcap is left at <see cref="PcapPath"/> for comparing with tcpdump and tshark on the same file.
/// </summary>
[MemoryDiagnoser]
public class CapturePipelineBenchmarks
{
    public const int Packets = 1_000_000;
    public static readonly string PcapPath = Path.Combine(Path.GetTempPath(), "securewatch-capture-benchmark.pcap");

    private byte[] _buffer = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private long[] _timestamps = [];
    private ConnectionTracker _tracker = null!;
    private NullFeatureRecordSink _sink = null!;
    private ConnectionTracker _trackerOnly = null!;
    private long _timeShift;

    [GlobalSetup]
    public void Setup()
    {
        var traffic = SyntheticTraffic.Generate(Packets);
        traffic.WritePcap(PcapPath);
        _offsets = new int[traffic.Count];
        _lengths = new int[traffic.Count];
        _timestamps = [.. traffic.TimestampsMicros];
        _buffer = new byte[traffic.Frames.Sum(f => f.Length)];
        var offset = 0;
        for (var i = 0; i < traffic.Count; i++)
        {
            traffic.Frames[i].CopyTo(_buffer, offset);
            _offsets[i] = offset;
            _lengths[i] = traffic.Frames[i].Length;
            offset += _lengths[i];
        }

        _sink = new NullFeatureRecordSink();
        _tracker = new ConnectionTracker(new TrackerOptions(), new FeatureCalculator(_sink));
        _trackerOnly = new ConnectionTracker(new TrackerOptions(), new CountingConnectionSink());
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long DecodeTrackFeaturesFromMemory()
    {
        // Every pass replays the same traffic an hour later, so the previous pass's flows expire as they
        // would in a long capture, and the tracker stays in its steady state.
        _timeShift += 3_600_000_000;
        var packet = default(DecodedPacket);
        var decoded = 0L;
        for (var i = 0; i < _offsets.Length; i++)
        {
            if (PacketDecoder.Decode(LinkTypes.Ethernet, _timestamps[i] + _timeShift, _buffer.AsSpan(_offsets[i], _lengths[i]), ref packet) == DecodeOutcome.Decoded
                && _tracker.Process(ref packet))
            {
                decoded++;
            }
        }

        return decoded + _sink.Checksum;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long DecodeTrackFeaturesFromPcapFile()
    {
        _timeShift += 3_600_000_000;
        using var source = PacketSource.OpenFile(PcapPath, filter: null);
        var packet = default(DecodedPacket);
        var decoded = 0L;
        while (source.Read(out var raw) == ReadResult.Packet)
        {
            if (PacketDecoder.Decode(LinkTypes.Ethernet, raw.TimestampMicros + _timeShift, raw.Data, ref packet) == DecodeOutcome.Decoded
                && _tracker.Process(ref packet))
            {
                decoded++;
            }
        }

        return decoded + _sink.Checksum;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long DecodeTrackWithoutFeatures()
    {
        _timeShift += 3_600_000_000;
        var packet = default(DecodedPacket);
        var decoded = 0L;
        for (var i = 0; i < _offsets.Length; i++)
        {
            if (PacketDecoder.Decode(LinkTypes.Ethernet, _timestamps[i] + _timeShift, _buffer.AsSpan(_offsets[i], _lengths[i]), ref packet) == DecodeOutcome.Decoded
                && _trackerOnly.Process(ref packet))
            {
                decoded++;
            }
        }

        return decoded;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long DecodeOnly()
    {
        var packet = default(DecodedPacket);
        var sum = 0L;
        for (var i = 0; i < _offsets.Length; i++)
        {
            PacketDecoder.Decode(LinkTypes.Ethernet, _timestamps[i], _buffer.AsSpan(_offsets[i], _lengths[i]), ref packet);
            sum += packet.PayloadLength;
        }

        return sum;
    }
}
