using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>Counts reported connections, to measure tracking without the feature calculation.</summary>
internal sealed class CountingConnectionSink : IConnectionSink
{
    public long Connections { get; private set; }

    public void OnConnection(in CompletedConnection connection) => Connections++;
}
