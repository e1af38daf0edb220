using System.Net;
using System.Net.Sockets;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Infrastructure;

/// <summary>The host started the way the Functions host starts it: with FUNCTIONS_CUSTOMHANDLER_PORT set.</summary>
public sealed class CustomHandlerHostFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private RunningHost? _host;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("fixture not initialised");

    public RunningHost Host => _host ?? throw new InvalidOperationException("fixture not initialised");

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        Port = FreeLoopbackPort();
        _database = await TestDatabase.CreateAsync();
        _host = await RunningHost.StartAsync(_database.ConnectionString, new Dictionary<string, string?>
        {
            [CustomHandlerEnvironment.PortVariable] = Port.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await (_host?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
