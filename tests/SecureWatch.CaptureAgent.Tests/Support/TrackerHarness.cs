using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Feeds raw IP packets at chosen times through decoding, tracking and feature calculation.</summary>
internal sealed class TrackerHarness
{
    private const long Epoch = 1_700_000_000_000_000;

    public TrackerHarness(TrackerOptions? options = null)
    {
        Sink = new CollectingFeatureSink();
        Tracker = new ConnectionTracker(options ?? new TrackerOptions(), new FeatureCalculator(Sink));
    }

    public CollectingFeatureSink Sink { get; }

    public ConnectionTracker Tracker { get; }

    public IReadOnlyList<CompletedConnection> Connections => Sink.Records.Select(r => r.Connection).ToList();

    public IReadOnlyList<KddFeatureVector> Features => Sink.Records.Select(r => r.Features).ToList();

    public static long Micros(double seconds) => Epoch + (long)(seconds * 1_000_000);

    public bool Send(double seconds, byte[] ipPacket)
    {
        var packet = default(DecodedPacket);
        var outcome = PacketDecoder.Decode(LinkTypes.Raw, Micros(seconds), ipPacket, ref packet);
        if (outcome != DecodeOutcome.Decoded)
        {
            throw new InvalidOperationException($"Test packet did not decode: {outcome}");
        }

        return Tracker.Process(ref packet);
    }

    public void Flush() => Tracker.FlushAll();
}
