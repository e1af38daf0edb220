using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace SecureWatch.Core.Kafka;

/// <summary>
/// Makes sure the topics SecureWatch needs exist, whether it runs against a real Kafka or its embedded
/// <see cref="MockKafkaCluster"/>. Existing topics are left as they are (never altered or recreated).
/// </summary>
/// <remarks>
/// librdkafka's mock cluster (still in 2.16) does not implement CreateTopics, so an
/// AdminClient request against it only times out; topics on the embedded cluster are created through its own API.
/// Relying on auto-creation instead would silently give the mock's default partition count.
/// </remarks>
public sealed class KafkaTopicProvisioner
{
    private static readonly TimeSpan AdminRequestTimeout = TimeSpan.FromSeconds(30);

    private readonly KafkaClientFactory _clients;
    private readonly MockKafkaCluster? _embeddedCluster;

    /// <param name="clients">Connection settings of the Kafka to provision.</param>
    /// <param name="embeddedCluster">
    /// The in-process cluster when SecureWatch runs on one; it must be the cluster <paramref name="clients"/>
    /// points at.
    /// </param>
    public KafkaTopicProvisioner(KafkaClientFactory clients, MockKafkaCluster? embeddedCluster = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        if (embeddedCluster is not null
            && !string.Equals(clients.Options.BootstrapServers, embeddedCluster.BootstrapServers, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "The Kafka options do not point at the embedded mock cluster.", nameof(embeddedCluster));
        }

        _clients = clients;
        _embeddedCluster = embeddedCluster;
    }

    /// <summary>Creates each topic that does not exist yet.</summary>
    /// <exception cref="CreateTopicsException">A topic could not be created for a reason other than existing.</exception>
    public async Task EnsureTopicsAsync(IReadOnlyCollection<TopicSpecification> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            return;
        }

        if (_embeddedCluster is not null)
        {
            CreateOnEmbeddedCluster(_embeddedCluster, topics);
            return;
        }

        using var admin = _clients.CreateAdminClient();
        try
        {
            await admin.CreateTopicsAsync(topics, new CreateTopicsOptions { RequestTimeout = AdminRequestTimeout })
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.TrueForAll(
            r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another SecureWatch instance (or an operator) created them first; that is the desired end state.
        }
    }

    private static void CreateOnEmbeddedCluster(MockKafkaCluster cluster, IReadOnlyCollection<TopicSpecification> topics)
    {
        foreach (var topic in topics)
        {
            var partitions = topic.NumPartitions > 0 ? topic.NumPartitions : 1;
            var replication = topic.ReplicationFactor > 0 ? Math.Min(topic.ReplicationFactor, (short)cluster.BrokerCount) : 1;
            try
            {
                cluster.CreateTopic(topic.Name, partitions, replication);
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.TopicAlreadyExists)
            {
                // Already there, possibly auto-created by an earlier metadata request; keep it.
            }
        }
    }
}
