using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Features;

/// <summary>Receives each reported connection with its header28 features.</summary>
internal interface IFeatureRecordSink
{
    void OnRecord(in CompletedConnection connection, in KddFeatureVector features);
}
