namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>Receives each connection the tracker reports, in report order, on the capture thread.</summary>
internal interface IConnectionSink
{
    void OnConnection(in CompletedConnection connection);
}
