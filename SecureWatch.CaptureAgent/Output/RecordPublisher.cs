using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>Hands every featured connection to the configured <see cref="IRecordOutput"/>.</summary>
internal sealed class RecordPublisher(IRecordOutput output) : IFeatureRecordSink
{
    public long Published { get; private set; }

    public void OnRecord(in CompletedConnection connection, in KddFeatureVector features)
    {
        output.Publish(connection, features);
        Published++;
    }
}
