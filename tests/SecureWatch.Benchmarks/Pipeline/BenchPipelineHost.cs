using System.Security.Cryptography;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Hosting;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Benchmarks.Pipeline;

/// <summary>
/// The real host, in this process, for end-to-end benchmarks: default pipeline settings, the embedded Kafka, a fresh
/// database on the benchmark PostgreSQL server (dropped on dispose) and a reader key for the live hub.
/// </summary>
public sealed class BenchPipelineHost : IDisposable
{
    private readonly string server;
    private readonly string database;
    private readonly string dataDirectory;
    private readonly WebApplication app;

    private BenchPipelineHost(string server, string database, string dataDirectory, WebApplication app, string readerKey)
    {
        this.server = server;
        this.database = database;
        this.dataDirectory = dataDirectory;
        this.app = app;
        ReaderKey = readerKey;
    }

    /// <summary>A key with the reader role, fresh per host: enough to listen on the hub.</summary>
    public string ReaderKey { get; }

    public Uri Address => new(app.Urls.First());

    public string KafkaBootstrap => app.Services.GetRequiredService<KafkaPipelineService>().Bootstrap!;

    public PipelineCounters Counters => app.Services.GetRequiredService<PipelineCounters>();

    /// <param name="server">Npgsql connection string of a server where the benchmark may create databases.</param>
    public static BenchPipelineHost Start(string server)
    {
        var database = $"sw_bench_pipeline_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }

        var readerKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var dataDirectory = Directory.CreateTempSubdirectory("securewatch-bench-").FullName;
        var app = SecureWatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:SecureWatch"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
                ["SECUREWATCH_READER_KEY"] = readerKey,
                ["Logging:LogLevel:Default"] = "Warning",
                ["SecureWatch:DataDirectory"] = dataDirectory,
            });
        });
        app.StartAsync().GetAwaiter().GetResult();
        app.Services.GetRequiredService<DatabaseChangeListener>().Ready.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        return new BenchPipelineHost(server, database, dataDirectory, app, readerKey);
    }

    public T GetRequiredService<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>An idempotent producer to the host's Kafka, as a data source would use.</summary>
    public IProducer<byte[]?, byte[]> CreateProducer(double lingerMs) =>
        new KafkaClientFactory(new KafkaOptions { BootstrapServers = KafkaBootstrap, ClientId = "securewatch-bench" })
            .CreateProducerBuilder<byte[]?, byte[]>(c => c.LingerMs = lingerMs)
            .Build();

    public void Dispose()
    {
        app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
        NpgsqlConnection.ClearAllPools();
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }

        Directory.Delete(dataDirectory, recursive: true);
    }
}
