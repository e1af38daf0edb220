using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>Hands every featured connection to the configured <see cref="ITrafficRecordSink"/>.</summary>
internal sealed class RecordPublisher(ITrafficRecordSink sink) : IFeatureRecordSink
{
    public long Published { get; private set; }

    public void OnRecord(in CompletedConnection connection, in KddFeatureVector features)
    {
        sink.Publish(TrafficRecordFactory.Create(connection, features));
        Published++;
    }
}
