using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Testing;

namespace SecureWatch.Core.Tests.Persistence;

public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private NpgsqlDataSource? _dataSource;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _dataSource = _database.CreateDataSource();
    }

    public async Task DisposeAsync()
    {
        await (_dataSource?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task Concurrent_runs_apply_every_migration_exactly_once()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewMigrator().MigrateAsync(CancellationToken.None)));

        Assert.Equal(SchemaMigrator.EmbeddedMigrations.Count, runs.Sum());
        Assert.Equal(0, await NewMigrator().MigrateAsync(CancellationToken.None));
        await using var command = _dataSource!.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        var versions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetString(0));
        }

        Assert.Equal(SchemaMigrator.EmbeddedMigrations.Select(m => m.Version), versions);
    }

    [Fact]
    public async Task Applied_migration_that_was_edited_stops_start_up()
    {
        await NewMigrator().MigrateAsync(CancellationToken.None);
        await using (var tamper = _dataSource!.CreateCommand("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = '0001'"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewMigrator().MigrateAsync(CancellationToken.None));
        Assert.Contains("0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_has_partitioned_traffic_and_seeded_sources()
    {
        await NewMigrator().MigrateAsync(CancellationToken.None);

        await using var partitions = _dataSource!.CreateCommand(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'traffic_data'::regclass");
        Assert.True((long)(await partitions.ExecuteScalarAsync())! >= 9, "expected daily partitions from yesterday to a week ahead plus default");
        await using var today = _dataSource.CreateCommand(
            "INSERT INTO traffic_data (received_at, event_id, data_source, feature_set, features, is_attack, attack_probability, category, model_version) " +
            "VALUES (now(), gen_random_uuid(), 'internal_kafka', 'kdd41', '{}', false, 0.1, 'normal', 'test') RETURNING tableoid::regclass::text");
        Assert.StartsWith("traffic_data_2", (string)(await today.ExecuteScalarAsync())!, StringComparison.Ordinal);
        await using var sources = _dataSource.CreateCommand("SELECT string_agg(source_name || '=' || is_enabled, ',' ORDER BY source_name) FROM data_source_config");
        Assert.Equal("external_kafka=false,internal_kafka=true,log_streams=false,packet_capture=false", await sources.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Retention_drops_partitions_older_than_the_window()
    {
        await NewMigrator().MigrateAsync(CancellationToken.None);
        await using (var old = _dataSource!.CreateCommand(
            "CREATE TABLE traffic_data_20000101 PARTITION OF traffic_data FOR VALUES FROM ('2000-01-01') TO ('2000-01-02')"))
        {
            await old.ExecuteNonQueryAsync();
        }

        await using var retention = _dataSource.CreateCommand("SELECT securewatch_apply_traffic_retention(30)");
        Assert.Equal(1, await retention.ExecuteScalarAsync());
        await using var remaining = _dataSource.CreateCommand("SELECT to_regclass('traffic_data_20000101') IS NULL");
        Assert.Equal(true, await remaining.ExecuteScalarAsync());
    }

    private SchemaMigrator NewMigrator() => new(_dataSource!, NullLogger<SchemaMigrator>.Instance);
}
