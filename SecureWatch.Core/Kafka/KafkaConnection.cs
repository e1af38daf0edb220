namespace SecureWatch.Core.Kafka;

/// <summary>
/// The Kafka a SecureWatch process talks to: the configured cluster, or, when Kafka:BootstrapServers is empty, an
/// embedded <see cref="MockKafkaCluster"/> so that a single machine runs the whole pipeline without a broker.
/// Disposing it stops the embedded cluster (and with it every message on it).
/// </summary>
public sealed class KafkaConnection : IDisposable
{
    private KafkaConnection(KafkaClientFactory clients, MockKafkaCluster? embeddedCluster)
    {
        Clients = clients;
        EmbeddedCluster = embeddedCluster;
        Topics = new KafkaTopicProvisioner(clients, embeddedCluster);
    }

    public KafkaClientFactory Clients { get; }

    /// <summary>The in-process cluster when no external Kafka is configured; otherwise null.</summary>
    public MockKafkaCluster? EmbeddedCluster { get; }

    public KafkaTopicProvisioner Topics { get; }

    public bool IsEmbedded => EmbeddedCluster is not null;

    public static KafkaConnection Open(KafkaOptions options, int embeddedBrokerCount = MockKafkaCluster.DefaultBrokerCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HasBootstrapServers)
        {
            return new KafkaConnection(new KafkaClientFactory(options), embeddedCluster: null);
        }

        var cluster = new MockKafkaCluster(embeddedBrokerCount);
        try
        {
            // The embedded brokers speak plaintext on loopback; credentials meant for a real cluster do not apply.
            var embedded = options with
            {
                BootstrapServers = cluster.BootstrapServers,
                SecurityProtocol = Confluent.Kafka.SecurityProtocol.Plaintext,
                GroupProtocol = Confluent.Kafka.GroupProtocol.Consumer,
                SaslMechanism = null,
                SaslUsername = null,
                SaslPassword = null,
            };
            return new KafkaConnection(new KafkaClientFactory(embedded), cluster);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose() => EmbeddedCluster?.Dispose();
}
