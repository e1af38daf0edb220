using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Pipeline.Admission;
using SecureWatch.Core.Pipeline.Messages;
using SecureWatch.Core.Pipeline.Scoring;
using SecureWatch.Core.Pipeline.Storage;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Providers;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Core.Whitelist;
using SecureWatch.Testing;

namespace SecureWatch.Core.Tests.Pipeline;

/// <summary>
/// A <see cref="TrafficPipeline"/> over a fresh, migrated PostgreSQL database, with the whitelist, sources and
/// secrets loaded from it the way the host loads them.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public static readonly byte[] SecretsKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly Lazy<ThreatScorer> Scorer = new(ThreatModelLoader.LoadEmbedded);

    private long _nextOffset;

    private bool _ownsDatabase = true;

    private PipelineHarness(TestDatabase database, NpgsqlDataSource dataSource, SelfHealingOptions selfHealing, AlertOptions? alerts = null)
    {
        Database = database;
        DataSource = dataSource;
        Protector = new SigningSecretProtector(SecretsKey);
        SelfHealing = new SelfHealingEngine(selfHealing, TimeProvider.System);
        var options = new PipelineOptions();
        var providers = new ProviderAdmission(
            Whitelist, Secrets, new SenderRateLimiter(TimeProvider.System), SelfHealing, options, TimeProvider.System);
        Pipeline = new TrafficPipeline(
            new RecordAdmission(Sources, Scorer.Value, providers, options),
            new BatchScorer(Scorer.Value),
            new BatchStore(dataSource, SelfHealing, new AlertGrouper(alerts ?? new AlertOptions()), NullLogger<BatchStore>.Instance),
            new PredictionMessages(PredictionSigner.Create(Protector)),
            Counters, TimeProvider.System, NullLogger<TrafficPipeline>.Instance);
    }

    public TestDatabase Database { get; }

    public NpgsqlDataSource DataSource { get; }

    public SigningSecretProtector Protector { get; }

    public SourceCatalog Sources { get; } = new();

    public WhitelistMatcher Whitelist { get; } = new();

    public ProviderSecrets Secrets { get; } = new();

    public PipelineCounters Counters { get; } = new();

    public SelfHealingEngine SelfHealing { get; }

    public TrafficPipeline Pipeline { get; }

    public static async Task<PipelineHarness> StartAsync(SelfHealingOptions? selfHealing = null)
    {
        var database = await TestDatabase.CreateAsync();
        var dataSource = database.CreateDataSource();
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var harness = new PipelineHarness(database, dataSource, selfHealing ?? new SelfHealingOptions());
        await harness.ReloadAsync();
        return harness;
    }

    /// <summary>A second pipeline (a second instance) over the same database, with state loaded from it.</summary>
    public async Task<PipelineHarness> SecondInstanceAsync()
    {
        var harness = new PipelineHarness(Database, Database.CreateDataSource(), new SelfHealingOptions()) { _ownsDatabase = false };
        await harness.ReloadAsync();
        return harness;
    }

    /// <summary>What the change listener does after a NOTIFY.</summary>
    public async Task ReloadAsync()
    {
        await new SourceSettingsSynchronizer(DataSource, Sources, NullLogger<SourceSettingsSynchronizer>.Instance).ReloadAsync(CancellationToken.None);
        await new WhitelistSynchronizer(DataSource, Whitelist, NullLogger<WhitelistSynchronizer>.Instance).ReloadAsync(CancellationToken.None);
        await new ProviderSecretsSynchronizer(DataSource, Secrets, Protector, NullLogger<ProviderSecretsSynchronizer>.Instance).ReloadAsync(CancellationToken.None);
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task EnableAsync(string source, bool enabled = true, string? extraParams = null) =>
        ExecuteAsync(
            "UPDATE data_source_config SET is_enabled = $1, config_params = config_params || $2::jsonb WHERE source_name = $3",
            enabled, extraParams ?? "{}", source).ContinueWith(_ => ReloadAsync()).Unwrap();

    public async Task<long> WhitelistAsync(string network, byte[]? secret = null)
    {
        var id = await ScalarAsync<long>(
            "INSERT INTO ip_whitelist (network, created_by, signing_secret) VALUES ($1::cidr, 'tests', $2) RETURNING id",
            network, secret is null ? DBNull.Value : Protector.Protect(secret));
        await ReloadAsync();
        return id;
    }

    /// <summary>A Kafka record at the next offset of partition 0 of <paramref name="topic"/>.</summary>
    public KafkaRecord Record(string topic, byte[] value, params KafkaHeader[] headers) =>
        new(topic, 0, Interlocked.Increment(ref _nextOffset), Encoding.UTF8.GetBytes("key"), value, headers, DateTimeOffset.UtcNow);

    public KafkaRecord Record(string topic, TrafficRecord record, params KafkaHeader[] headers) =>
        Record(topic, TrafficRecordJson.SerializeToUtf8Bytes(record), headers);

    public static KafkaHeader Header(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
