namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>
/// What the decoder reads from an IPv4 or IPv6 header once it is parsed. Implemented by the ref-struct headers and used
/// through a generic constraint, so the shared code is specialised per header type and nothing is boxed.
/// </summary>
internal interface IIpHeader
{
    UInt128 Source { get; }

    UInt128 Destination { get; }

    /// <summary>The transport protocol (after IPv6 extension headers).</summary>
    byte Protocol { get; }

    bool IsFragment { get; }

    uint FragmentId { get; }

    int FragmentOffsetBytes { get; }

    bool MoreFragments { get; }

    /// <summary>Bytes after the IP header(s) as the header declares them, which may exceed what was captured.</summary>
    int PayloadLength { get; }

    /// <summary>The captured part of the payload.</summary>
    ReadOnlySpan<byte> Payload { get; }
}
