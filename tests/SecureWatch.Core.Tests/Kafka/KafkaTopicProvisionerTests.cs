using Confluent.Kafka;
using Confluent.Kafka.Admin;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Core.Tests.Kafka;

public sealed class KafkaTopicProvisionerTests
{
    [Fact]
    public async Task AnEmbeddedConnectionCreatesTopicsWithTheRequestedLayoutAndKeepsExistingOnes()
    {
        using var connection = KafkaConnection.Open(new KafkaOptions());
        Assert.True(connection.IsEmbedded);
        TopicSpecification[] topics =
        [
            new() { Name = "flows", NumPartitions = 6, ReplicationFactor = 3 },
            new() { Name = "alerts", NumPartitions = 2, ReplicationFactor = 5 },
        ];

        await connection.Topics.EnsureTopicsAsync(topics);
        await connection.Topics.EnsureTopicsAsync(topics);

        using var admin = connection.Clients.CreateAdminClient();
        var flows = admin.GetMetadata("flows", TimeSpan.FromSeconds(10)).Topics.Single();
        var alerts = admin.GetMetadata("alerts", TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(ErrorCode.NoError, flows.Error.Code);
        Assert.Equal(6, flows.Partitions.Count);
        Assert.All(flows.Partitions, p => Assert.Equal(3, p.Replicas.Length));

        // A replication factor above the embedded broker count is capped rather than refused.
        Assert.Equal(2, alerts.Partitions.Count);
        Assert.All(alerts.Partitions, p => Assert.Equal(MockKafkaCluster.DefaultBrokerCount, p.Replicas.Length));
    }

    [Fact]
    public void AConfiguredClusterIsUsedAsIs()
    {
        using var connection = KafkaConnection.Open(new KafkaOptions { BootstrapServers = "kafka-1:9092" });

        Assert.False(connection.IsEmbedded);
        Assert.Equal("kafka-1:9092", connection.Clients.Options.BootstrapServers);
    }

    [Fact]
    public void AProvisionerRefusesAnEmbeddedClusterItDoesNotPointAt()
    {
        using var cluster = new MockKafkaCluster(brokerCount: 1);
        var elsewhere = new KafkaClientFactory(new KafkaOptions { BootstrapServers = "kafka-1:9092" });

        Assert.Throws<ArgumentException>(() => new KafkaTopicProvisioner(elsewhere, cluster));
    }
}
