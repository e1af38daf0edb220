namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>Which inactivity timeout applies to a connection; flows of one class share an LRU list.</summary>
internal enum TimeoutClass : byte
{
    Handshake,
    Established,
    HalfClosed,
    Finished,
    Udp,
    Icmp,
}
