using System.Diagnostics;
using System.Text.Json;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Capture;

/// <summary>
/// The capture loop: read, decode, track, and let the tracker report connections into the feature
/// calculator and the record output. Runs on one thread; the per-packet path allocates nothing. One session
/// lives as long as the agent and may read several packet sources in turn (the capture is stopped, restarted or
/// reopened with new settings); its counters add up over all of them.
/// </summary>
internal sealed class CaptureSession
{
    public static readonly JsonSerializerOptions SummaryJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            CaptureSummaryJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    private readonly ConnectionTracker _tracker;
    private readonly RecordPublisher _publisher;
    private readonly IRecordOutput _output;
    private readonly TextWriter _log;
    private readonly TimeSpan _statsInterval;
    private readonly DecodeCounters _decode = new();
    private PacketSource? _source;
    private string _lastSource = "none";
    private int _lastLinkType = -1;
    private CaptureStatistics? _closedSourceStatistics;
    private long _packetsRead;
    private long _statsDue;
    private long _snapshotDue;
    private volatile CaptureSnapshot? _latest;

    public CaptureSession(ConnectionTracker tracker, RecordPublisher publisher, IRecordOutput output, TextWriter log, TimeSpan statsInterval)
    {
        _tracker = tracker;
        _publisher = publisher;
        _output = output;
        _log = log;
        _statsInterval = statsInterval;
        _statsDue = NextStatsDue();
    }

    /// <summary>
    /// Reads <paramref name="source"/> until it ends or <paramref name="cancellationToken"/> fires, then reports
    /// every open connection, as a capture that stops must.
    /// </summary>
    public void Run(PacketSource source, CancellationToken cancellationToken)
    {
        var linkType = source.LinkType;
        if (!PacketDecoder.IsSupportedLinkType(linkType))
        {
            throw new CaptureException($"{source.Description} has link type {linkType}, which SecureWatch does not decode.");
        }

        _source = source;
        _lastSource = source.Description;
        _lastLinkType = linkType;
        try
        {
            ReadUntilEnd(source, linkType, cancellationToken);
        }
        finally
        {
            _closedSourceStatistics = Add(_closedSourceStatistics, source.Statistics());
            _source = null;
            _tracker.FlushAll();
            _output.FlushBuffered();
        }
    }

    /// <summary>How often <see cref="Latest"/> is renewed while the capture runs or idles.</summary>
    public static TimeSpan SnapshotInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The counters as the capture thread last took them (at most about <see cref="SnapshotInterval"/> old), for other
    /// threads: <see cref="Summary"/> itself reads libpcap's handle, which only the capture thread may touch.
    /// </summary>
    public CaptureSnapshot? Latest => _latest;

    /// <summary>
    /// Renews <see cref="Latest"/> and writes the statistics line when they are due; for the agent's idle loop while
    /// nothing is captured.
    /// </summary>
    public void LogStatisticsIfDue()
    {
        var now = Stopwatch.GetTimestamp();
        if (now >= _snapshotDue)
        {
            _latest = new CaptureSnapshot(Summary(), _source is not null);
            _snapshotDue = now + (long)(SnapshotInterval.TotalSeconds * Stopwatch.Frequency);
        }

        if (now >= _statsDue)
        {
            _log.WriteLine($"securewatch-capture: {JsonSerializer.Serialize(Summary(), SummaryJson)}");
            _statsDue = NextStatsDue();
        }
    }

    public CaptureSummary Summary()
    {
        var stats = Add(_closedSourceStatistics, _source?.Statistics());
        var counters = _tracker.Counters;
        return new CaptureSummary
        {
            Source = _lastSource,
            LinkType = _lastLinkType,
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
            Kafka = _output.Counters,
        };
    }

    private static CaptureStatistics? Add(CaptureStatistics? a, CaptureStatistics? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        ({ } x, { } y) => new CaptureStatistics(x.Received + y.Received, x.Dropped + y.Dropped, x.InterfaceDropped + y.InterfaceDropped),
    };

    private long NextStatsDue() => Stopwatch.GetTimestamp() + (long)(_statsInterval.TotalSeconds * Stopwatch.Frequency);

    private void ReadUntilEnd(PacketSource source, int linkType, CancellationToken cancellationToken)
    {
        using var stopOnCancel = cancellationToken.Register(source.Stop);
        var packet = default(DecodedPacket);
        long lastPacketMicros = 0, lastPacketWall = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = source.Read(out var raw);
            if (result == ReadResult.Packet)
            {
                _packetsRead++;
                var outcome = PacketDecoder.Decode(linkType, raw.TimestampMicros, raw.Data, ref packet);
                if (outcome == DecodeOutcome.Decoded && !_tracker.Process(ref packet))
                {
                    outcome = DecodeOutcome.OrphanFragment;
                }

                _decode.Add(outcome);
                if (source.IsLive)
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

                _output.FlushBuffered();
            }
            else
            {
                break;
            }

            LogStatisticsIfDue();
        }
    }
}
