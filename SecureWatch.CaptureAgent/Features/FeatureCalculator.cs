using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// Computes the header28 features of each connection the tracker reports: basic features from the
/// connection itself, traffic features from the connections reported before it (and itself).
/// </summary>
internal sealed class FeatureCalculator : IConnectionSink
{
    private readonly TwoSecondWindow _window;
    private readonly LastHundredConnections _lastHundred = new();
    private readonly IFeatureRecordSink _sink;

    public FeatureCalculator(IFeatureRecordSink sink, int windowCapacity = 65_536)
    {
        _sink = sink;
        _window = new TwoSecondWindow(windowCapacity);
    }

    public void OnConnection(in CompletedConnection connection)
    {
        var features = new KddFeatureVector
        {
            Duration = Math.Max(0, connection.LastMicros - connection.FirstMicros) / 1_000_000,
            Protocol = connection.Protocol,
            Service = connection.Service,
            Flag = connection.Flag,
            SrcBytes = connection.OriginatorBytes,
            DstBytes = connection.ResponderBytes,
            Land = connection.Land ? 1 : 0,
            WrongFragment = connection.WrongFragments,
            Urgent = connection.UrgentPackets,
        };
        var windowed = new WindowedConnection
        {
            ReportedMicros = connection.ReportedMicros,
            Destination = connection.ResponderAddress,
            SourcePort = connection.OriginatorPort,
            Service = connection.Service,
            SynError = ErrorKinds.IsSynError(connection.Flag),
            RejError = ErrorKinds.IsRejError(connection.Flag),
        };
        _window.AddAndCompute(windowed, ref features);
        _lastHundred.AddAndCompute(windowed, ref features);
        _sink.OnRecord(connection, features);
    }
}
