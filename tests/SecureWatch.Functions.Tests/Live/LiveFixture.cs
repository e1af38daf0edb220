using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Kafka;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>A mock Kafka cluster, a database and a host whose KafkaConnection points at the cluster, relay ready.</summary>
public sealed class LiveFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private KafkaConnection? _connection;

    public MockKafkaCluster Cluster { get; } = new(brokerCount: 1);

    public RunningHost Host { get; private set; } = null!;

    public IProducer<string, string> Producer { get; private set; } = null!;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync()
    {
        Cluster.CreateTopic(LiveKafka.Topic, partitions: 2);
        _database = await TestDatabase.CreateAsync();
        _connection = LiveKafka.ConnectionTo(Cluster);
        Host = await RunningHost.StartAsync(_database.ConnectionString, LiveKafka.HostSettings(), services: s => s.AddSingleton(_connection));
        Producer = LiveKafka.Producer(Cluster);
        await LiveKafka.WaitForRelayAsync(Host);
    }

    public async Task DisposeAsync()
    {
        Producer?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        _connection?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Cluster.Dispose();
    }
}
