using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Pipeline;

/// <summary>
/// A Kafka mock cluster owned by the test (so it outlives host restarts), a fresh database and the real host
/// consuming from the cluster; plus a producer acting as the providers and readers of the output topics.
/// </summary>
internal sealed class PipelineTestBed : IAsyncDisposable
{
    public const string ExternalTopic = "external-traffic";
    public const string InternalTopic = "network-traffic";
    public const string CaptureTopic = "captured-traffic";
    public const string RenamedTopic = "collectors-v2";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly IProducer<byte[]?, byte[]> _producer;

    private readonly IDictionary<string, string?>? _settings;

    private PipelineTestBed(MockKafkaCluster cluster, TestDatabase database, RunningHost host, IDictionary<string, string?>? settings)
    {
        _settings = settings;
        Cluster = cluster;
        Database = database;
        Host = host;
        Clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "pipeline-tests" });
        _producer = Clients.CreateProducerBuilder<byte[]?, byte[]>(config =>
        {
            config.ReconnectBackoffMs = 50;
            config.ReconnectBackoffMaxMs = 500;
            config.MessageTimeoutMs = (int)Patience.TotalMilliseconds;
        }).Build();
        DataSource = database.CreateDataSource();
    }

    public MockKafkaCluster Cluster { get; }

    public TestDatabase Database { get; }

    public NpgsqlDataSource DataSource { get; }

    public RunningHost Host { get; private set; }

    public KafkaClientFactory Clients { get; }

    public SyntheticTrafficGenerator Generator { get; } = new(seed: 11);

    public static async Task<PipelineTestBed> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var cluster = new MockKafkaCluster();

        // The host provisions topics through the admin API, which the mock cluster does not implement.
        foreach (var topic in new[] { ExternalTopic, InternalTopic, CaptureTopic, RenamedTopic })
        {
            cluster.CreateTopic(topic, 4);
            cluster.CreateTopic(PipelineHeaders.DeadLetterTopic(topic), 4);
        }

        cluster.CreateTopic(PipelineHeaders.PredictionsTopic, 4);
        var database = await TestDatabase.CreateAsync();
        var host = await StartHostAsync(cluster, database, settings);
        return new PipelineTestBed(cluster, database, host, settings);
    }

    public async Task RestartHostAsync(bool crash)
    {
        if (crash)
        {
            await Host.CrashAsync();
        }
        else
        {
            await Host.DisposeAsync();
        }

        Host = await StartHostAsync(Cluster, Database, _settings);
    }

    public HttpClient Admin() => Host.CreateClient();

    public async Task SetSourceAsync(string source, object patch)
    {
        using var admin = Admin();
        var response = await admin.PatchAsJsonAsync($"/api/v1/config/sources/{source}", patch);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task WhitelistAsync(string address, string? secret = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/config/whitelist", new { ip_address = address, signing_secret = secret });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var client = Host.CreateClient(RunningHost.ReaderKey);
        using var response = await client.GetAsync("/api/v1/health");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Sources with a consumer, as the health report shows them.</summary>
    public async Task<List<string>> ConsumedSourcesAsync() =>
        [.. (await HealthAsync()).GetProperty("kafka").GetProperty("consumers").EnumerateArray()
            .Where(c => c.GetProperty("state").GetString() is "running" or "retrying")
            .Select(c => c.GetProperty("source").GetString()!)];

    public void Produce(string topic, byte[] value, params (string Key, string Value)[] headers)
    {
        var kafkaHeaders = new Headers();
        foreach (var (key, text) in headers)
        {
            kafkaHeaders.Add(key, Encoding.UTF8.GetBytes(text));
        }

        _producer.Produce(topic, new Message<byte[]?, byte[]> { Key = Guid.NewGuid().ToByteArray(), Value = value, Headers = kafkaHeaders });
    }

    public TrafficRecord ProduceRecord(string source, string topic, string? sender = null)
    {
        var record = Generator.Next(source, sender, source == DataSourceNames.PacketCapture ? Core.Features.KddFeatureSet.Header28 : null);
        Produce(topic, TrafficRecordJson.SerializeToUtf8Bytes(record), sender is null ? [] : [(PipelineHeaders.SenderIp, sender)]);
        return record;
    }

    public void Flush() => Assert.Equal(0, _producer.Flush(Patience));

    public async Task<long> CountAsync(string sql = "SELECT count(*) FROM traffic_data")
    {
        await using var command = DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every message on the topic so far, read from the beginning of each partition without a group.</summary>
    public List<ConsumeResult<byte[]?, byte[]>> ReadTopic(string topic, int atLeast) =>
        KafkaTopicReader.ReadAll(Clients, topic, atLeast, TimeSpan.FromMilliseconds(500), Patience);

    public static List<PredictionMessage> Predictions(IEnumerable<ConsumeResult<byte[]?, byte[]>> results) =>
        [.. results.Select(r => JsonSerializer.Deserialize<PredictionMessage>(r.Message.Value, TrafficRecordJson.Options)!)];

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // A pooled connection broken by a deliberate outage fails once, then the pool reconnects.
            }

            await Task.Delay(100);
        }

        Assert.True(await condition(), $"timed out waiting for {what}");
    }

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await Host.DisposeAsync();
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
        Cluster.Dispose();
    }

    private static Task<RunningHost> StartHostAsync(MockKafkaCluster cluster, TestDatabase database, IDictionary<string, string?>? extra)
    {
        var all = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers,
            ["SECUREWATCH_SECRETS_KEY"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
            ["Pipeline:BatchSize"] = "100",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return RunningHost.StartAsync(database.ConnectionString, all);
    }
}
