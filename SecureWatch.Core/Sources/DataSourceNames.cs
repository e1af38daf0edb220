namespace SecureWatch.Core.Sources;

/// <summary>The traffic sources SecureWatch knows; rows for them are seeded by the initial migration.</summary>
public static class DataSourceNames
{
    public const string PacketCapture = "packet_capture";
    public const string ExternalKafka = "external_kafka";
    public const string InternalKafka = "internal_kafka";

    public static IReadOnlyList<string> All { get; } = [PacketCapture, ExternalKafka, InternalKafka];
}
