using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>Kafka for the live-update tests: a mock cluster, a producer of PredictionMessage JSON, relay readiness.</summary>
internal static class LiveKafka
{
    public const string Topic = "predictions";

    public static KafkaConnection ConnectionTo(MockKafkaCluster cluster) =>
        KafkaConnection.Open(new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "securewatch-live-tests" });

    public static IProducer<string, string> Producer(MockKafkaCluster cluster) =>
        new KafkaClientFactory(new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "securewatch-live-tests" })
            .CreateProducerBuilder<string, string>(config => config.MessageTimeoutMs = 30_000)
            .Build();

    public static PredictionMessage Prediction(long trafficId, bool isAttack, string category = "normal") => new()
    {
        EventId = Guid.NewGuid(),
        TrafficId = trafficId,
        ReceivedAt = DateTimeOffset.UtcNow,
        DataSource = "packet_capture",
        SenderIp = "198.51.100.7",
        Flow = new TrafficFlow("10.1.2.3", "10.9.8.7", 40001, 443, "tcp"),
        FeatureSet = "header28",
        IsAttack = isAttack,
        AttackProbability = isAttack ? 0.97f : 0.03f,
        Category = isAttack ? category : "normal",
        ModelVersion = "header28-test-1",
        Actions = isAttack ? [new PredictionResponseAction(Guid.NewGuid(), "block-dos", "block_ip", "198.51.100.7", true, null)] : [],
    };

    public static async Task ProduceAsync(IProducer<string, string> producer, PredictionMessage message) =>
        await producer.ProduceAsync(Topic, new Message<string, string>
        {
            Key = message.EventId.ToString(),
            Value = JsonSerializer.Serialize(message, TrafficRecordJson.Options),
        });

    /// <summary>Waits until the host's relay has its partitions (a new group's first join takes seconds on the mock).</summary>
    public static async Task<JsonElement> WaitForRelayAsync(RunningHost host, string status = "up")
    {
        using var client = host.CreateClient(RunningHost.ReaderKey);
        var clock = Stopwatch.StartNew();
        JsonElement relay;
        do
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
            relay = health.GetProperty("relay");
            if (relay.GetProperty("status").GetString() == status)
            {
                return relay;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < SignalRNodeClient.Patience);

        Assert.Fail($"relay did not reach '{status}': {relay}");
        return relay;
    }

    public static Uri HubUrl(RunningHost host) => new(host.Address, "/api");
}
