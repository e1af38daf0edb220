namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>One IP datagram being fragmented: its identity, its connection and the fragments seen.</summary>
internal struct FragmentSlot
{
    public UInt128 Source;
    public UInt128 Destination;
    public uint Id;
    public byte Protocol;
    public bool InUse;
    public bool HasFlow;
    public FlowKey FlowKey;
    public bool SourceIsA;
    public long LastMicros;
    public int RangeCount;
    public FragmentRanges Ranges;
}
