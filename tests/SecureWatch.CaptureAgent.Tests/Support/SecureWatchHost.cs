using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SecureWatch.Functions.Hosting;
using SecureWatch.Functions.Pipeline;
using SecureWatch.Testing;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>
/// The real SecureWatch host in the test process on a loopback port, on a fresh database and its embedded Kafka
/// (whose address it writes to its bootstrap file): the API the agent follows and the Kafka it publishes to.
/// </summary>
internal sealed class SecureWatchHost : IAsyncDisposable
{
    public const string AdminKey = "capture-admin-key";
    public const string ReaderKey = "capture-reader-key";

    private readonly WebApplication _app;
    private readonly TestDatabase _database;
    private readonly string _dataDirectory;

    private SecureWatchHost(WebApplication app, TestDatabase database, string dataDirectory)
    {
        _app = app;
        _database = database;
        _dataDirectory = dataDirectory;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    /// <summary>The file holding the embedded Kafka's bootstrap servers.</summary>
    public string BootstrapFile => Path.Combine(_dataDirectory, DataDirectory.BootstrapFileName);

    public string BootstrapServers => File.ReadAllText(BootstrapFile).Trim();

    public static async Task<SecureWatchHost> StartAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("sw-capture-host-").FullName;
        var app = SecureWatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:SecureWatch"] = database.ConnectionString,
                ["SECUREWATCH_ADMIN_KEY"] = AdminKey,
                ["SECUREWATCH_READER_KEY"] = ReaderKey,
                ["Logging:LogLevel:Default"] = "Warning",
                [DataDirectory.Setting] = dataDirectory,
            });
        });
        await app.StartAsync();
        return new SecureWatchHost(app, database, dataDirectory);
    }

    /// <summary>PATCH /api/v1/config/sources/packet_capture as an admin.</summary>
    public async Task SetPacketCaptureAsync(object patch)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("x-functions-key", AdminKey);
        using var response = await client.PatchAsJsonAsync("/api/v1/config/sources/packet_capture", patch);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
