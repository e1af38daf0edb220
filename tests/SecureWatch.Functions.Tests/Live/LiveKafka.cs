using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>Kafka for the live-update tests: a mock cluster, a producer of PredictionMessage JSON, relay readiness.</summary>
internal static class LiveKafka
{
    public const string Topic = "predictions";

    /// <summary>The secrets key the live tests' hosts share, so that each relay accepts predictions signed under it.</summary>
    public static readonly byte[] SecretsKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    /// <summary>Signs as a SecureWatch pipeline configured with <see cref="SecretsKey"/> does.</summary>
    public static readonly PredictionSigner Signer = PredictionSigner.Create(new SigningSecretProtector(SecretsKey));

    /// <summary>Host settings for the live tests: the shared secrets key.</summary>
    public static Dictionary<string, string?> HostSettings() => new()
    {
        [SigningSecretProtector.KeySetting] = Convert.ToBase64String(SecretsKey),
    };

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

    /// <summary>Produces the message as a SecureWatch pipeline does: signed under <paramref name="signer"/> (default <see cref="Signer"/>).</summary>
    public static async Task ProduceAsync(IProducer<string, string> producer, PredictionMessage message, PredictionSigner? signer = null)
    {
        var value = JsonSerializer.Serialize(message, TrafficRecordJson.Options);
        var signature = (signer ?? Signer).Sign(Encoding.UTF8.GetBytes(value));
        await ProduceRawAsync(producer, message.EventId.ToString(), value, new Headers { { signature.Key, signature.Value } });
    }

    /// <summary>
    /// Produces many signed messages without a round trip each, <paramref name="perSecond"/> at most; returns when all
    /// are delivered.
    /// </summary>
    public static void ProduceMany(IProducer<string, string> producer, IReadOnlyList<PredictionMessage> messages, int perSecond)
    {
        var failed = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            while (i > clock.Elapsed.TotalSeconds * perSecond)
            {
                Thread.Sleep(5);
            }

            var value = JsonSerializer.Serialize(message, TrafficRecordJson.Options);
            var signature = Signer.Sign(Encoding.UTF8.GetBytes(value));
            producer.Produce(
                Topic,
                new Message<string, string> { Key = message.EventId.ToString(), Value = value, Headers = new Headers { { signature.Key, signature.Value } } },
                report => { if (report.Error.IsError) { Interlocked.Increment(ref failed); } });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
        Assert.Equal(0, failed);
    }

    public static async Task ProduceRawAsync(IProducer<string, string> producer, string key, string value, Headers? headers = null) =>
        await producer.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = value, Headers = headers ?? [] });

    /// <summary>Waits until the host's relay has its partitions (a new group's first join takes seconds on the mock).</summary>
    public static Task<JsonElement> WaitForRelayAsync(RunningHost host, string status = "up") =>
        WaitForRelayAsync(host, relay => relay.GetProperty("status").GetString() == status, $"status '{status}'");

    /// <summary>Waits until the relay's section of the health report satisfies <paramref name="condition"/>.</summary>
    public static async Task<JsonElement> WaitForRelayAsync(RunningHost host, Func<JsonElement, bool> condition, string what = "the condition")
    {
        // With a key: the relay's details are for operators, whatever an anonymous caller is shown.
        using var client = host.CreateClient(RunningHost.ReaderKey);
        var clock = Stopwatch.StartNew();
        JsonElement relay;
        do
        {
            // The relay's section is there also when another component makes the instance unhealthy (503).
            using var response = await client.GetAsync(new Uri("/api/v1/health", UriKind.Relative));
            var health = await response.Content.ReadFromJsonAsync<JsonElement>();
            relay = health.GetProperty("relay");
            if (condition(relay))
            {
                return relay;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < SignalRNodeClient.Patience);

        Assert.Fail($"relay did not reach {what}: {relay}");
        return relay;
    }

    /// <summary>Where live clients start: POST {this}/negotiate answers with the hub's address and an access token.</summary>
    public static Uri ApiUrl(RunningHost host) => new(host.Address, "/api");

    /// <summary>The hub itself, which admits only access tokens.</summary>
    public static Uri HubUrl(RunningHost host) => new(host.Address, LiveHub.Path);
}
