using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Pipeline;

/// <summary>Without Kafka__BootstrapServers the host runs its own cluster and tells where it is.</summary>
public sealed class EmbeddedKafkaTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_embedded_cluster_is_announced_in_health_and_the_bootstrap_file_and_consumes_internal_traffic()
    {
        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);
        var kafka = (await client.GetFromJsonAsync<JsonElement>("/api/v1/health")).GetProperty("kafka");
        Assert.True(kafka.GetProperty("embedded").GetBoolean());
        var bootstrap = kafka.GetProperty("bootstrap").GetString()!;
        Assert.StartsWith("127.0.0.1:", bootstrap, StringComparison.Ordinal);
        Assert.Equal(bootstrap, (await File.ReadAllTextAsync(Path.Combine(fixture.Host.DataDirectory, "kafka-bootstrap"))).Trim());

        var clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = bootstrap });
        using var producer = clients.CreateProducerBuilder<byte[]?, byte[]>().Build();
        var record = new SyntheticTrafficGenerator(5).Next(DataSourceNames.InternalKafka, null);
        await producer.ProduceAsync("network-traffic", new Message<byte[]?, byte[]> { Value = TrafficRecordJson.SerializeToUtf8Bytes(record) });

        await using var dataSource = fixture.Database.CreateDataSource();
        var clock = Stopwatch.StartNew();
        long stored = 0;
        while (stored == 0 && clock.Elapsed < PipelineTestBed.Patience)
        {
            await Task.Delay(100);
            await using var command = dataSource.CreateCommand($"SELECT count(*) FROM traffic_data WHERE event_id = '{record.EventId}'");
            stored = (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.Equal(1, stored);
    }
}
