using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Kafka;
using SecureWatch.Functions.Tests.Live;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>
/// A mock Kafka cluster, a database and hosts on them with log_streams enabled on the topics a test class names;
/// helpers to produce envelopes, subscribe clients and read dead letters.
/// </summary>
internal sealed class LogStreamsTestBed : IAsyncDisposable
{
    private readonly List<RunningHost> _hosts = [];
    private readonly List<KafkaConnection> _connections = [];

    private LogStreamsTestBed(TestDatabase database) => Database = database;

    public MockKafkaCluster Cluster { get; } = new(brokerCount: 1);

    public TestDatabase Database { get; }

    public IProducer<string, string> Producer { get; private set; } = null!;

    public IReadOnlyList<RunningHost> Hosts => _hosts;

    public static async Task<LogStreamsTestBed> StartAsync(IReadOnlyList<string> topics, int hosts = 1, IDictionary<string, string?>? settings = null)
    {
        var bed = new LogStreamsTestBed(await TestDatabase.CreateAsync());
        // The hosts reach the cluster as an external one, where SecureWatch creates only what is missing.
        bed.Cluster.CreateTopic(LiveKafka.Topic, partitions: 2);
        foreach (var topic in topics)
        {
            bed.Cluster.CreateTopic(topic, partitions: 2);
            bed.Cluster.CreateTopic(topic + ".dlq", partitions: 1);
        }

        bed.Producer = LiveKafka.Producer(bed.Cluster);
        for (var i = 0; i < hosts; i++)
        {
            await bed.AddHostAsync(settings);
        }

        await bed.ConfigureAsync(topics, enabled: true);
        foreach (var host in bed._hosts)
        {
            await WaitForLogsAsync(host, IsRunning, "up with partitions in both groups");
        }

        return bed;
    }

    public async Task<RunningHost> AddHostAsync(IDictionary<string, string?>? settings = null)
    {
        var connection = LiveKafka.ConnectionTo(Cluster);
        _connections.Add(connection);
        var all = LiveKafka.HostSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await RunningHost.StartAsync(Database.ConnectionString, all, services: s => s.AddSingleton(connection));
        _hosts.Add(host);
        return host;
    }

    public async Task ConfigureAsync(IReadOnlyList<string> topics, bool enabled)
    {
        using var admin = _hosts[0].CreateClient();
        var response = await admin.PatchAsJsonAsync("/api/v1/config/sources/log_streams", new { is_enabled = enabled, config_params = new { topics } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task SubscribeAsync(RunningHost host, LogHubClient client, IReadOnlyList<string> topics, HttpMethod? method = null)
    {
        using var reader = host.CreateClient(RunningHost.ReaderKey);
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, "/api/v1/logs/subscriptions")
        {
            Content = JsonContent.Create(new { connection_id = client.ConnectionId, topics }),
        };
        var response = await reader.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An envelope as the design's producers write it (numbers as strings).</summary>
    public static string Envelope(string topic, IReadOnlyDictionary<string, string> data, long sequence = 1) => JsonSerializer.Serialize(new
    {
        timestamp = "2024-01-01 12:00:00",
        log_type = topic,
        topic,
        batch_info = new { file_cycle = "1", batch_number = "1", record_in_batch = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), batch_size = "100" },
        total_records_sent = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        data,
    });

    public async Task ProduceAsync(string topic, string value, string? key = null) =>
        await Producer.ProduceAsync(topic, new Message<string, string> { Key = key ?? Guid.NewGuid().ToString(), Value = value });

    public static bool IsRunning(JsonElement logs) =>
        logs.GetProperty("status").GetString() == "up" && logs.GetProperty("detection_partitions").GetInt32() > 0;

    /// <summary>Waits until the logs section of the host's health satisfies the condition.</summary>
    public static async Task<JsonElement> WaitForLogsAsync(RunningHost host, Func<JsonElement, bool> condition, string what, TimeSpan? patience = null)
    {
        using var client = host.CreateClient(RunningHost.ReaderKey);
        var clock = Stopwatch.StartNew();
        JsonElement logs;
        do
        {
            using var response = await client.GetAsync(new Uri("/api/v1/health", UriKind.Relative));
            logs = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("logs");
            if (condition(logs))
            {
                return logs;
            }

            await Task.Delay(50);
        }
        while (clock.Elapsed < (patience ?? LogHubClient.Patience));

        Assert.Fail($"log streams did not reach {what}: {logs}");
        return logs;
    }

    /// <summary>Reads the topic from the start until <paramref name="count"/> messages arrived.</summary>
    public List<ConsumeResult<string, string>> ReadAll(string topic, int count)
    {
        using var consumer = new KafkaClientFactory(new KafkaOptions { BootstrapServers = Cluster.BootstrapServers, ClientId = "log-tests" })
            .CreateConsumerBuilder<string, string>($"log-tests-{Guid.NewGuid():N}", c => c.AutoOffsetReset = AutoOffsetReset.Earliest)
            .Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<string, string>>();
        var clock = Stopwatch.StartNew();
        while (results.Count < count && clock.Elapsed < LogHubClient.Patience)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        Producer?.Dispose();
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await Database.DisposeAsync();
        Cluster.Dispose();
    }
}
