using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace SecureWatch.Core.Kafka;

/// <summary>
/// How SecureWatch reaches Kafka, bound from the "Kafka" configuration section. Only connection and identity
/// settings live here; delivery semantics are fixed by <see cref="KafkaClientFactory"/> because the scoring
/// pipeline depends on them.
/// </summary>
public sealed record KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated host:port list. Empty means no external Kafka is configured.</summary>
    public string BootstrapServers { get; init; } = "";

    public SecurityProtocol SecurityProtocol { get; init; } = SecurityProtocol.Plaintext;

    /// <summary>Only used with SaslPlaintext/SaslSsl.</summary>
    public SaslMechanism? SaslMechanism { get; init; }

    public string? SaslUsername { get; init; }

    public string? SaslPassword { get; init; }

    /// <summary>CA bundle (PEM) that signs the brokers' certificates; with Ssl/SaslSsl.</summary>
    public string? SslCaLocation { get; init; }

    /// <summary>
    /// Client certificate and key (PEM) for mutual TLS: the broker then knows SecureWatch by the certificate's
    /// principal, which is what its topic ACLs name.
    /// </summary>
    public string? SslCertificateLocation { get; init; }

    public string? SslKeyLocation { get; init; }

    public string? SslKeyPassword { get; init; }

    /// <summary>Appears in broker logs and quotas; clients append a role suffix (e.g. "-producer").</summary>
    public string ClientId { get; init; } = "securewatch";

    /// <summary>
    /// Longest a fetch waits for data (librdkafka fetch.wait.max.ms, default there 500). Low, because a prediction
    /// crosses two consumers before it reaches a screen, and the embedded cluster holds an empty fetch for the
    /// whole wait even when data arrives meanwhile; a real broker answers as soon as data is there.
    /// </summary>
    public int FetchWaitMaxMs { get; init; } = 20;

    /// <summary>
    /// Consumer group protocol (group.protocol). Classic works with every broker; Consumer (KIP-848) needs Kafka
    /// 4.0+ brokers and moves session and heartbeat timing to the broker. The embedded cluster always uses
    /// Consumer: its members join in a fraction of a second instead of waiting for a group-wide rebalance.
    /// </summary>
    public GroupProtocol GroupProtocol { get; init; } = GroupProtocol.Classic;

    public bool HasBootstrapServers => !string.IsNullOrWhiteSpace(BootstrapServers);

    /// <summary>Binds the "Kafka" section; a missing section yields the defaults.</summary>
    public static KafkaOptions FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<KafkaOptions>() ?? new KafkaOptions();
}
