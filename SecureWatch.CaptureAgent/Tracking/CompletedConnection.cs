using SecureWatch.CaptureAgent.Features;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>A connection (or a slice of a long one) as reported by <see cref="ConnectionTracker"/>.</summary>
internal struct CompletedConnection
{
    public UInt128 OriginatorAddress;
    public UInt128 ResponderAddress;

    /// <summary>For ICMP: the type of the originator's first message.</summary>
    public ushort OriginatorPort;

    /// <summary>For ICMP: the code of the originator's first message.</summary>
    public ushort ResponderPort;

    /// <summary>IANA protocol number (6, 17, 1 or 58).</summary>
    public byte Protocol;
    public long FirstMicros;
    public long LastMicros;

    /// <summary>Packet clock when the connection was reported.</summary>
    public long ReportedMicros;
    public long OriginatorBytes;
    public long ResponderBytes;
    public int OriginatorPackets;
    public int ResponderPackets;
    public KddFlag Flag;
    public byte Service;
    public bool Land;
    public int WrongFragments;
    public int UrgentPackets;
    public ConnectionEnd End;
}
