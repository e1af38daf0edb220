namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>One tracked connection; lives in the preallocated array of <see cref="FlowTable"/>.</summary>
internal struct FlowEntry
{
    public FlowKey Key;
    public int Hash;
    public bool InUse;

    /// <summary>True when the originator (first packet's sender) is <see cref="FlowKey.AddressA"/>.</summary>
    public bool OriginatorIsA;

    public long FirstMicros;
    public long LastMicros;
    public long OriginatorBytes;
    public long ResponderBytes;
    public int OriginatorPackets;
    public int ResponderPackets;
    public TcpEndpointState OriginatorState;
    public TcpEndpointState ResponderState;
    public bool OriginatorSentSyn;
    public int WrongFragments;
    public int UrgentPackets;
    public byte IcmpType;
    public byte IcmpCode;
    public TimeoutClass TimeoutClass;
    public int BucketNext;
    public int ListPrevious;
    public int ListNext;
}
