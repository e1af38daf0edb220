namespace SecureWatch.Core.Sources;

/// <summary>
/// The keys of a source's config_params, as the API accepts them (<see cref="DataSourceParameterValidator"/>), the
/// pipeline reads them (<see cref="SourceSettingsSynchronizer"/>) and the capture agent follows them.
/// </summary>
public static class SourceParameterNames
{
    /// <summary>The Kafka topic a traffic source's records arrive on; no two sources share a topic.</summary>
    public const string Topic = "topic";

    /// <summary>log_streams: the log topics it reads (1 to 32), none shared with another source.</summary>
    public const string Topics = "topics";

    /// <summary>packet_capture: the network interface the agent captures on ("any" for all).</summary>
    public const string Interface = "interface";

    /// <summary>packet_capture: the libpcap filter expression.</summary>
    public const string BpfFilter = "bpf_filter";

    /// <summary>packet_capture: records the agent holds between capture and Kafka.</summary>
    public const string BufferSize = "buffer_size";

    /// <summary>packet_capture: bytes captured per packet.</summary>
    public const string SnapLength = "snaplen";

    /// <summary>packet_capture: whether the interface is put in promiscuous mode.</summary>
    public const string Promiscuous = "promiscuous";

    /// <summary>external_kafka: each provider's sustained rate, in records per second.</summary>
    public const string RateLimitPerSecond = "rate_limit_per_second";

    /// <summary>external_kafka: each provider's burst above the sustained rate.</summary>
    public const string RateLimitBurst = "rate_limit_burst";

    /// <summary>external_kafka: whether providers must sign their records (on unless turned off).</summary>
    public const string RequireSignature = "require_signature";
}
