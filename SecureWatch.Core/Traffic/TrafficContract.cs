namespace SecureWatch.Core.Traffic;

/// <summary>Constant values of the <c>securewatch.traffic.v1</c> message contract.</summary>
public static class TrafficContract
{
    public const string Schema = "securewatch.traffic.v1";

    /// <summary>Records computed by the SecureWatch capture agent from packet headers.</summary>
    public const string PacketCaptureSource = "packet_capture";

    /// <summary>Records sent by an external provider (which then also identifies itself by <c>sender_ip</c>).</summary>
    public const string ExternalProviderSource = "external_provider";

    public const string Tcp = "tcp";
    public const string Udp = "udp";
    public const string Icmp = "icmp";
}
