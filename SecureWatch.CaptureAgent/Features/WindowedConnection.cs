namespace SecureWatch.CaptureAgent.Features;

/// <summary>What the traffic features remember of a past connection.</summary>
internal struct WindowedConnection
{
    public long ReportedMicros;
    public UInt128 Destination;
    public ushort SourcePort;
    public byte Service;
    public bool SynError;
    public bool RejError;
}
