namespace SecureWatch.Core.Traffic;

/// <summary>Constant values of the <c>securewatch.traffic.v1</c> message contract.</summary>
public static class TrafficContract
{
    public const string Schema = "securewatch.traffic.v1";

    /// <summary>Records computed by the SecureWatch capture agent from packet headers.</summary>
    public const string PacketCaptureSource = "packet_capture";

    /// <summary>Records sent by a whitelisted external provider, which identifies itself by <c>sender_ip</c>.</summary>
    public const string ExternalKafkaSource = "external_kafka";

    /// <summary>Records produced by internal collectors.</summary>
    public const string InternalKafkaSource = "internal_kafka";

    /// <summary>Same value as <see cref="ExternalKafkaSource"/>; the name producers written before the rename use.</summary>
    public const string ExternalProviderSource = ExternalKafkaSource;

    /// <summary>Longest symbolic feature value (protocol_type, service, flag), in UTF-16 code units.</summary>
    public const int MaxFeatureTextLength = 64;

    /// <summary>
    /// What a symbolic feature value may contain: no control characters (C0, DEL, C1), which PostgreSQL's jsonb
    /// (NUL) or the consumers of predictions and dead letters (CR/LF, escapes) cannot take. The JSON schema states it
    /// in the same words.
    /// </summary>
    public const string FeatureTextPattern = @"^[^\u0000-\u001F\u007F-\u009F]+$";

    public const string Tcp = "tcp";
    public const string Udp = "udp";
    public const string Icmp = "icmp";

    /// <summary>Every valid <c>data_source</c>: the names of the sources in data_source_config.</summary>
    public static IReadOnlyList<string> DataSources { get; } = [PacketCaptureSource, ExternalKafkaSource, InternalKafkaSource];
}
