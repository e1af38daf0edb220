using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Infrastructure;

/// <summary>One database and one running host shared by the tests of a class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private RunningHost? _host;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("fixture not initialised");

    public RunningHost Host => _host ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await RunningHost.StartAsync(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
