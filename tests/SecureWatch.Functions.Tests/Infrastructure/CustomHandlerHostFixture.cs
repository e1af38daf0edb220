using System.Net;
using System.Net.Sockets;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Infrastructure;

/// <summary>The host started the way the Functions host starts it: with FUNCTIONS_CUSTOMHANDLER_PORT set.</summary>
public sealed class CustomHandlerHostFixture : IAsyncLifetime
{
    private TestDatabase? database;
    private RunningHost? host;

    public TestDatabase Database => database ?? throw new InvalidOperationException("fixture not initialised");

    public RunningHost Host => host ?? throw new InvalidOperationException("fixture not initialised");

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        Port = FreeLoopbackPort();
        database = await TestDatabase.CreateAsync();
        host = await RunningHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            [CustomHandlerEnvironment.PortVariable] = Port.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await (host?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (database?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
