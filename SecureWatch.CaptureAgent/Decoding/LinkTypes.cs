namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>The DLT_* link-layer types the decoder understands, as returned by <c>pcap_datalink</c>.</summary>
internal static class LinkTypes
{
    public const int Null = 0;
    public const int Ethernet = 1;
    public const int Raw = 12;
    public const int RawOpenBsd = 14;
    public const int RawLinkType = 101;
    public const int Loop = 108;
    public const int LinuxSll = 113;
    public const int Ipv4 = 228;
    public const int Ipv6 = 229;
    public const int LinuxSll2 = 276;
}
