using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>Two hosts on one database, as in a scaled-out deployment.</summary>
public sealed class MultiInstanceTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private RunningHost? _first;
    private RunningHost? _second;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // Started together: both run the migrator at once, and the advisory lock must serialise them.
        var hosts = await Task.WhenAll(RunningHost.StartAsync(_database.ConnectionString), RunningHost.StartAsync(_database.ConnectionString));
        (_first, _second) = (hosts[0], hosts[1]);
    }

    public async Task DisposeAsync()
    {
        await (_first?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_second?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task Change_made_on_one_instance_reaches_the_other_instances_matcher_within_one_second()
    {
        var remote = _second!.GetRequiredService<WhitelistMatcher>();
        var address = IPAddress.Parse("198.18.7.9");
        Assert.False(remote.IsAllowed(address));
        using var admin = _first!.CreateClient();

        var response = await admin.PostAsJsonAsync("/api/v1/config/whitelist", new { ip_address = "198.18.0.0/15" });
        var created = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        while (!remote.IsAllowed(address) && created.Elapsed < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(5);
        }

        Assert.True(remote.IsAllowed(address), $"second instance did not see the new entry within 1 s ({created.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public async Task Concurrent_start_applies_each_migration_once()
    {
        await using var dataSource = _database!.CreateDataSource();
        await using var command = dataSource.CreateCommand("SELECT count(*), count(DISTINCT version) FROM schema_migrations");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) > 0);
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
        await using var seeded = dataSource.CreateCommand("SELECT count(*) FROM data_source_config");
        await reader.DisposeAsync();
        Assert.Equal(4L, await seeded.ExecuteScalarAsync());
    }
}
