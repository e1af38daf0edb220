using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Keeps every reported connection with its features, in report order.</summary>
internal sealed class CollectingFeatureSink(bool keep = true) : IFeatureRecordSink
{
    public List<(CompletedConnection Connection, KddFeatureVector Features)> Records { get; } = [];

    public long Count { get; private set; }

    public void OnRecord(in CompletedConnection connection, in KddFeatureVector features)
    {
        Count++;
        if (keep)
        {
            Records.Add((connection, features));
        }
    }
}
