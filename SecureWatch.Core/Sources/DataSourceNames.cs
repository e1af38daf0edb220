namespace SecureWatch.Core.Sources;

/// <summary>The data sources SecureWatch knows; rows for them are seeded by the migrations.</summary>
public static class DataSourceNames
{
    public const string PacketCapture = "packet_capture";
    public const string ExternalKafka = "external_kafka";
    public const string InternalKafka = "internal_kafka";

    /// <summary>The log topics (config_params "topics"), pushed live and checked by detection rules; not scored as traffic.</summary>
    public const string LogStreams = "log_streams";

    public static IReadOnlyList<string> All { get; } = [PacketCapture, ExternalKafka, InternalKafka, LogStreams];

    /// <summary>The sources whose single topic carries traffic records for the scoring pipeline.</summary>
    public static IReadOnlyList<string> Traffic { get; } = [PacketCapture, ExternalKafka, InternalKafka];
}
