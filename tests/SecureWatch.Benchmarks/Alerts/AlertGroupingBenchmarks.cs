using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureWatch.Benchmarks.Whitelist;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Persistence.Traffic;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;

namespace SecureWatch.Benchmarks.Alerts;

/// <summary>
/// What alert grouping adds to a pipeline batch, per attack record: the grouping statements for a 500-record batch
/// in its own transaction (rolled back, so every invocation meets the same state). Attackers = 1 is a flood joining
/// one existing alert; 500 is a batch in which every record opens an alert of its own (the worst case). Uses a
/// database of its own on the SECUREWATCH_BENCH_DB server, dropped afterwards.
/// </summary>
[Config(typeof(WhitelistBenchDatabaseConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class AlertGroupingBenchmarks
{
    private const int BatchSize = 500;
    private const string Database = "securewatch_alert_bench";

    private NpgsqlDataSource? _dataSource;
    private AlertGrouper _grouper = null!;
    private List<TrafficRow> _rows = [];

    [Params(1, BatchSize)]
    public int Attackers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var server = WhitelistBenchDatabaseConfig.ConnectionString
            ?? throw new InvalidOperationException($"{WhitelistBenchDatabaseConfig.EnvironmentVariable} is not set.");
        using (var admin = NpgsqlDataSource.Create(server))
        {
            admin.CreateCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)").ExecuteNonQuery();
            admin.CreateCommand($"CREATE DATABASE {Database}").ExecuteNonQuery();
        }

        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString);
        new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _grouper = new AlertGrouper(new AlertOptions());
        var generator = new SyntheticTrafficGenerator(seed: 3);
        _rows = [.. Enumerable.Range(0, BatchSize).Select(i =>
        {
            var record = generator.NextSynFlood(DataSourceNames.InternalKafka, $"10.1.{i % Attackers / 250}.{i % Attackers % 250 + 1}");
            var source = new KafkaRecord("network-traffic", 0, i, null, [], [], DateTimeOffset.UtcNow);
            var accepted = new AcceptedRecord(i, source, record, null) { Prediction = new Prediction(true, 0.99f, AttackCategory.Dos, "bench") };
            return new TrafficRow(accepted, i + 1, []);
        })];

        // The flood case joins an alert that exists already, as every batch but a flood's first does.
        if (Attackers == 1)
        {
            GroupAsync(commit: true).GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task GroupBatch() => GroupAsync(commit: false);

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataSource?.Dispose();
        using var admin = NpgsqlDataSource.Create(WhitelistBenchDatabaseConfig.ConnectionString!);
        admin.CreateCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)").ExecuteNonQuery();
    }

    private async Task GroupAsync(bool commit)
    {
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await _grouper.GroupAsync(connection, transaction, _rows, DateTimeOffset.UtcNow, CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }
}
