using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecureWatch.Benchmarks.Whitelist;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Hosting;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// Sustained end-to-end throughput of the real host on its embedded Kafka and PostgreSQL: one operation is one
/// record produced to the internal source's topic, stored in traffic_data and its prediction acknowledged on the
/// predictions topic. Needs SECUREWATCH_BENCH_DB (scripts/bench.sh sets it).
/// </summary>
[Config(typeof(WhitelistBenchDatabaseConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PipelineEndToEndBenchmarks
{
    private const int RecordsPerInvoke = 20_000;

    private string database = "";
    private WebApplication? host;
    private IProducer<byte[]?, byte[]>? producer;
    private PipelineCounters? counters;
    private byte[][] values = [];
    private string dataDirectory = "";

    [GlobalSetup]
    public void Setup()
    {
        var server = WhitelistBenchDatabaseConfig.ConnectionString!;
        database = $"sw_bench_pipeline_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }

        dataDirectory = Directory.CreateTempSubdirectory("securewatch-bench-").FullName;
        host = SecureWatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:SecureWatch"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
                ["Logging:LogLevel:Default"] = "Warning",
                ["SecureWatch:DataDirectory"] = dataDirectory,
            });
        });
        host.StartAsync().GetAwaiter().GetResult();
        var kafka = host.Services.GetRequiredService<KafkaPipelineService>();
        counters = host.Services.GetRequiredService<PipelineCounters>();
        producer = new KafkaClientFactory(new KafkaOptions { BootstrapServers = kafka.Bootstrap! })
            .CreateProducerBuilder<byte[]?, byte[]>(c => c.LingerMs = 20).Build();
        var generator = new SyntheticTrafficGenerator(9);
        values = [.. Enumerable.Range(0, 2048).Select(_ => TrafficRecordJson.SerializeToUtf8Bytes(generator.Next(TrafficContract.InternalKafkaSource, null)))];
    }

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public void ProduceStoreAndPredict()
    {
        var storedTarget = counters!.Stored + RecordsPerInvoke;
        var publishedTarget = counters.Published + RecordsPerInvoke;
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            // Fresh event ids: the same bytes twice would be deduplicated instead of stored.
            var value = values[i % values.Length];
            Guid.NewGuid().TryFormat(value.AsSpan(value.AsSpan().IndexOf("\"event_id\":\""u8) + 12, 36), out _);
            producer!.Produce("network-traffic", new Message<byte[]?, byte[]> { Value = (byte[])value.Clone() });
        }

        producer!.Flush(TimeSpan.FromMinutes(1));
        while (counters.Stored < storedTarget || counters.Published < publishedTarget)
        {
            Thread.Sleep(5);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        producer?.Dispose();
        host?.StopAsync().GetAwaiter().GetResult();
        (host as IDisposable)?.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(WhitelistBenchDatabaseConfig.ConnectionString!);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
