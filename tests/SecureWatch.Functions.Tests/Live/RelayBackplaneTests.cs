using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Kafka;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>Two instances on one Kafka: clients of each see every prediction, whichever instance scored it.</summary>
public sealed class RelayBackplaneTests : IAsyncLifetime
{
    private readonly MockKafkaCluster _cluster = new(brokerCount: 1);
    private TestDatabase _database = null!;
    private KafkaConnection _connection = null!;
    private RunningHost _first = null!;
    private RunningHost _second = null!;

    public async Task InitializeAsync()
    {
        _cluster.CreateTopic(LiveKafka.Topic, partitions: 4);
        _database = await TestDatabase.CreateAsync();
        _connection = LiveKafka.ConnectionTo(_cluster);
        _first = await RunningHost.StartAsync(_database.ConnectionString, LiveKafka.HostSettings(), services: s => s.AddSingleton(_connection));
        _second = await RunningHost.StartAsync(_database.ConnectionString, LiveKafka.HostSettings(), services: s => s.AddSingleton(_connection));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _connection.Dispose();
        await _database.DisposeAsync();
        _cluster.Dispose();
    }

    [Fact]
    public async Task Each_instance_relays_the_whole_topic_in_a_group_of_its_own()
    {
        var firstRelay = await LiveKafka.WaitForRelayAsync(_first);
        var secondRelay = await LiveKafka.WaitForRelayAsync(_second);
        Assert.NotEqual(firstRelay.GetProperty("group_id").GetString(), secondRelay.GetProperty("group_id").GetString());
        Assert.Equal(4, firstRelay.GetProperty("assigned_partitions").GetInt32());
        Assert.Equal(4, secondRelay.GetProperty("assigned_partitions").GetInt32());

        await using var onFirst = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(_first), RunningHost.ReaderKey);
        await using var onSecond = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(_second), RunningHost.ReaderKey);
        using var producer = LiveKafka.Producer(_cluster);
        var sent = Enumerable.Range(1, 12).Select(i => LiveKafka.Prediction(trafficId: i, isAttack: false)).ToList();
        foreach (var message in sent)
        {
            await LiveKafka.ProduceAsync(producer, message);
        }

        foreach (var client in new[] { onFirst, onSecond })
        {
            var received = new HashSet<Guid>();
            while (received.Count < sent.Count)
            {
                received.Add((await client.WaitForAsync(LiveTargets.Prediction, _ => true)).GetProperty("event_id").GetGuid());
            }

            Assert.Equal(sent.Select(m => m.EventId).ToHashSet(), received);
        }
    }
}
