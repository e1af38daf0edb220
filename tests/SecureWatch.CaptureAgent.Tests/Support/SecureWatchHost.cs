using System.Net.Http.Json;
using SecureWatch.Functions.Pipeline;
using SecureWatch.Testing;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>
/// The real SecureWatch host on a fresh database and its embedded Kafka (whose address it writes to its bootstrap
/// file): the API the agent follows and the Kafka it publishes to.
/// </summary>
internal sealed class SecureWatchHost : IAsyncDisposable
{
    private readonly RunningHost _host;
    private readonly TestDatabase _database;

    private SecureWatchHost(RunningHost host, TestDatabase database)
    {
        _host = host;
        _database = database;
    }

    public static string ReaderKey => RunningHost.ReaderKey;

    public static string AgentKey => RunningHost.AgentKey;

    public Uri Address => _host.Address;

    /// <summary>The file holding the embedded Kafka's bootstrap servers.</summary>
    public string BootstrapFile => Path.Combine(_host.DataDirectory, DataDirectory.BootstrapFileName);

    public string BootstrapServers => File.ReadAllText(BootstrapFile).Trim();

    public static async Task<SecureWatchHost> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        return new SecureWatchHost(await RunningHost.StartAsync(database.ConnectionString), database);
    }

    /// <summary>PATCH /api/v1/config/sources/packet_capture as an admin.</summary>
    public async Task SetPacketCaptureAsync(object patch)
    {
        using var client = _host.CreateClient();
        using var response = await client.PatchAsJsonAsync("/api/v1/config/sources/packet_capture", patch);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The agent's entry in GET /api/v1/agents as a reader sees it; null while it is not listed.</summary>
    public async Task<System.Text.Json.JsonElement?> AgentAsync(string name)
    {
        using var client = _host.CreateClient(RunningHost.ReaderKey);
        var agents = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/agents");
        foreach (var agent in agents.EnumerateArray())
        {
            if (agent.GetProperty("name").GetString() == name)
            {
                return agent.Clone();
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }
}
