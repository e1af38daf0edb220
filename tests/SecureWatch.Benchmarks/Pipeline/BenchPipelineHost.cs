using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Pipeline;
using SecureWatch.Testing;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// The real host, in this process, for end-to-end benchmarks: the embedded Kafka, a fresh database on the benchmark
/// PostgreSQL server (dropped on dispose) and a reader key for the live hub.
/// </summary>
public sealed class BenchPipelineHost : IDisposable
{
    private readonly TestDatabase _database;
    private readonly RunningHost _host;

    private BenchPipelineHost(TestDatabase database, RunningHost host)
    {
        _database = database;
        _host = host;
    }

    /// <summary>A key with the reader role: enough to listen on the hub.</summary>
    public static string ReaderKey => RunningHost.ReaderKey;

    public Uri Address => _host.Address;

    public string KafkaBootstrap => GetRequiredService<KafkaPipelineService>().Bootstrap!;

    public PipelineCounters Counters => GetRequiredService<PipelineCounters>();

    /// <param name="server">Npgsql connection string of a server where the benchmark may create databases.</param>
    public static BenchPipelineHost Start(string server)
    {
        var database = TestDatabase.CreateAsync(server).GetAwaiter().GetResult();
        return new BenchPipelineHost(database, RunningHost.StartAsync(database.ConnectionString).GetAwaiter().GetResult());
    }

    public T GetRequiredService<T>()
        where T : notnull => _host.GetRequiredService<T>();

    /// <summary>An idempotent producer to the host's Kafka, as a data source would use.</summary>
    public IProducer<byte[]?, byte[]> CreateProducer(double lingerMs) =>
        new KafkaClientFactory(new KafkaOptions { BootstrapServers = KafkaBootstrap, ClientId = "securewatch-bench" })
            .CreateProducerBuilder<byte[]?, byte[]>(c => c.LingerMs = lingerMs)
            .Build();

    public void Dispose()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
