namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>What became of a packet; every value but <see cref="Decoded"/> is a reason it was skipped.</summary>
internal enum DecodeOutcome
{
    Decoded,
    NonIpFrame,
    UnsupportedLinkType,
    UnsupportedTransport,
    TruncatedLinkHeader,
    TooManyVlanTags,
    BadIpVersion,
    TruncatedIpv4Header,
    BadIpv4HeaderLength,
    BadIpv4TotalLength,
    TruncatedIpv6Header,
    BadIpv6ExtensionHeader,
    TruncatedTcpHeader,
    BadTcpDataOffset,
    TruncatedUdpHeader,
    BadUdpLength,
    TruncatedIcmpHeader,

    /// <summary>A later IP fragment whose first fragment was never seen, so it belongs to no known connection.</summary>
    OrphanFragment,
}
