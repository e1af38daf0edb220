namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>Per-endpoint TCP state as Zeek's TCP analyzer keeps it.</summary>
internal enum TcpEndpointState : byte
{
    Inactive,
    SynSent,
    SynAckSent,

    /// <summary>Seen only mid-stream, without its handshake.</summary>
    Partial,
    Established,
    Closed,
    Reset,
}
