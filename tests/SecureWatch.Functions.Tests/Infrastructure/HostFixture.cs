using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Infrastructure;

/// <summary>One database and one running host shared by the tests of a class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private TestDatabase? database;
    private RunningHost? host;

    public TestDatabase Database => database ?? throw new InvalidOperationException("fixture not initialised");

    public RunningHost Host => host ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = await RunningHost.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
