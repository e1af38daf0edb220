using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>Counts featured connections and keeps a checksum so the work cannot be optimised away.</summary>
internal sealed class NullFeatureRecordSink : IFeatureRecordSink
{
    public long Records { get; private set; }

    public long Checksum { get; private set; }

    public void OnRecord(in CompletedConnection connection, in KddFeatureVector features)
    {
        Records++;
        Checksum += features.Count + features.DstHostCount + features.SrcBytes;
    }
}
