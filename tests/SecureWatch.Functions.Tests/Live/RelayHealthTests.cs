using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Kafka;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>The relay reports in /api/v1/health when it cannot push, without making the instance unhealthy.</summary>
public sealed class RelayHealthTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Without_a_kafka_connection_the_relay_is_disabled_and_the_instance_healthy()
    {
        // With the Kafka pipeline switched off the process makes no Kafka connection at all.
        await using var host = await RunningHost.StartAsync(
            _database.ConnectionString, new Dictionary<string, string?> { ["Pipeline:Enabled"] = "false" });
        using var client = host.CreateClient(RunningHost.ReaderKey);

        var response = await client.GetAsync("/api/v1/health");
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var relay = health.GetProperty("relay");
        Assert.Equal("disabled", relay.GetProperty("status").GetString());
        Assert.Contains("no Kafka connection", relay.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The hub still accepts clients; they just receive no predictions.
        await using var listener = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(host), RunningHost.ReaderKey);
    }

    [Fact]
    public async Task With_every_broker_down_the_relay_is_down_until_they_return()
    {
        using var cluster = new MockKafkaCluster(brokerCount: 1);
        cluster.CreateTopic(LiveKafka.Topic, partitions: 1);
        using var connection = LiveKafka.ConnectionTo(cluster);
        await using var host = await RunningHost.StartAsync(_database.ConnectionString, services: s => s.AddSingleton(connection));
        await LiveKafka.WaitForRelayAsync(host);

        ChildProcessGate.SetAllBrokersDown(cluster);
        var down = await LiveKafka.WaitForRelayAsync(host, "down");
        using (var client = host.CreateClient(key: null))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health")).StatusCode);
        }

        cluster.SetAllBrokersUp();
        await LiveKafka.WaitForRelayAsync(host, "up");
        Assert.Equal(0, down.GetProperty("relayed").GetInt64());
    }
}
