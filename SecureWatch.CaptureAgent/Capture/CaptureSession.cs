using System.Diagnostics;
using System.Text.Json;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Capture;

/// <summary>
/// The capture loop: read, decode, track, and let the tracker report connections into the feature
/// calculator and the record sink. Runs on one thread; the per-packet path allocates nothing.
/// </summary>
internal sealed class CaptureSession
{
    public static readonly JsonSerializerOptions SummaryJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly PacketSource _source;
    private readonly ConnectionTracker _tracker;
    private readonly RecordPublisher _publisher;
    private readonly ITrafficRecordSink _sink;
    private readonly TextWriter _log;
    private readonly TimeSpan _statsInterval;
    private readonly DecodeCounters _decode = new();
    private long _packetsRead;

    public CaptureSession(PacketSource source, ConnectionTracker tracker, RecordPublisher publisher, ITrafficRecordSink sink, TextWriter log, TimeSpan statsInterval)
    {
        _source = source;
        _tracker = tracker;
        _publisher = publisher;
        _sink = sink;
        _log = log;
        _statsInterval = statsInterval;
    }

    public CaptureSummary Run(CancellationToken cancellationToken)
    {
        var linkType = _source.LinkType;
        if (!PacketDecoder.IsSupportedLinkType(linkType))
        {
            throw new CaptureException($"{_source.Description} has link type {linkType}, which SecureWatch does not decode.");
        }

        using var stopOnCancel = cancellationToken.Register(_source.Stop);
        var packet = default(DecodedPacket);
        var statsDue = Stopwatch.GetTimestamp() + (long)(_statsInterval.TotalSeconds * Stopwatch.Frequency);
        long lastPacketMicros = 0, lastPacketWall = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = _source.Read(out var raw);
            if (result == ReadResult.Packet)
            {
                _packetsRead++;
                var outcome = PacketDecoder.Decode(linkType, raw.TimestampMicros, raw.Data, ref packet);
                if (outcome == DecodeOutcome.Decoded && !_tracker.Process(ref packet))
                {
                    outcome = DecodeOutcome.OrphanFragment;
                }

                _decode.Add(outcome);
                if (_source.IsLive)
                {
                    lastPacketMicros = raw.TimestampMicros;
                    lastPacketWall = Stopwatch.GetTimestamp();
                }

                if ((_packetsRead & 0xFFF) != 0)
                {
                    continue;
                }
            }
            else if (result == ReadResult.Timeout)
            {
                // A quiet link must still time connections out: let the packet clock follow the wall clock.
                if (lastPacketWall != 0)
                {
                    _tracker.AdvanceClock(lastPacketMicros + (long)(Stopwatch.GetElapsedTime(lastPacketWall).Ticks / TimeSpan.TicksPerMicrosecond));
                }

                _sink.Flush();
            }
            else
            {
                break;
            }

            if (Stopwatch.GetTimestamp() >= statsDue)
            {
                _log.WriteLine($"securewatch-capture: {JsonSerializer.Serialize(Summary(), SummaryJson)}");
                statsDue = Stopwatch.GetTimestamp() + (long)(_statsInterval.TotalSeconds * Stopwatch.Frequency);
            }
        }

        _tracker.FlushAll();
        _sink.Flush();
        return Summary();
    }

    public CaptureSummary Summary()
    {
        var stats = _source.Statistics();
        var counters = _tracker.Counters;
        return new CaptureSummary
        {
            Source = _source.Description,
            LinkType = _source.LinkType,
            PacketsRead = _packetsRead,
            PacketsDecoded = _decode[DecodeOutcome.Decoded],
            PacketsSkipped = _decode.ToDictionary().Where(p => p.Key != "decoded").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            PcapReceived = stats?.Received,
            PcapDropped = stats?.Dropped,
            PcapInterfaceDropped = stats?.InterfaceDropped,
            FlowsCreated = counters.FlowsCreated,
            FlowsEvicted = counters.FlowsEvicted,
            FlowsActive = _tracker.ActiveFlows,
            ActiveTimeoutSlices = counters.ActiveTimeoutSlices,
            WrongFragments = counters.WrongFragments,
            RecordsPublished = _publisher.Published,
        };
    }
}
