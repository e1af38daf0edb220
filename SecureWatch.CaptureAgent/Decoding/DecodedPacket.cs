namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>
/// The header fields connection tracking needs, filled in place by <see cref="PacketDecoder"/> so that
/// decoding allocates nothing.
/// </summary>
internal struct DecodedPacket
{
    public long TimestampMicros;
    public UInt128 Source;
    public UInt128 Destination;
    public byte Protocol;
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte TcpFlags;

    /// <summary>Transport payload bytes this packet carries (for ICMP: the whole ICMP message).</summary>
    public int PayloadLength;

    public byte IcmpType;
    public byte IcmpCode;
    public ushort IcmpIdentifier;
    public ushort IcmpSequence;

    /// <summary>False for a later IP fragment: its transport header is in the first fragment.</summary>
    public bool HasTransportHeader;

    public bool IsFragment;
    public uint FragmentId;

    /// <summary>Offset of this fragment's data in the original datagram, in bytes.</summary>
    public int FragmentOffset;

    /// <summary>Bytes of IP payload in this fragment.</summary>
    public int FragmentLength;

    public bool MoreFragments;

    /// <summary>A fragment that is wrong on its own (e.g. a first fragment too short for its transport header).</summary>
    public bool MalformedFragment;

    public readonly bool IsIcmp => Protocol is IpProtocols.Icmp or IpProtocols.Icmpv6;
}
