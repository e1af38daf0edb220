using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Functions.Hosting;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Testing;

/// <summary>
/// The real standalone host on a loopback port (Kestrel, real PostgreSQL); tests talk to it over HTTP.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests-0123456789abcdef";
    public const string ReaderKey = "reader-key-for-tests-0123456789abcdef";
    public const string AnalystKey = "analyst-key-for-tests-0123456789abcdef";
    public const string AgentKey = "agent-key-for-tests-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private RunningHost(WebApplication app, Uri address, string dataDirectory)
    {
        _app = app;
        Address = address;
        _dataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    /// <summary>SecureWatch:DataDirectory of this host (a fresh temporary directory).</summary>
    public string DataDirectory => _dataDirectory;

    public IServiceProvider Services => _app.Services;

    public WebApplication Application => _app;

    /// <param name="services">
    /// Registrations made before the host's own, which add their defaults only when absent: e.g. a KafkaConnection to a
    /// test cluster.
    /// </param>
    public static async Task<RunningHost> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        // Each host keeps its embedded Kafka's bootstrap file to itself.
        var dataDirectory = Directory.CreateTempSubdirectory("securewatch-host-").FullName;
        var app = SecureWatchApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:SecureWatch"] = connectionString,
                ["SECUREWATCH_ADMIN_KEY"] = AdminKey,
                ["SECUREWATCH_READER_KEY"] = ReaderKey,
                ["SECUREWATCH_ANALYST_KEY"] = AnalystKey,
                ["SECUREWATCH_AGENT_KEY"] = AgentKey,
                ["Logging:LogLevel:Default"] = "Warning",
                ["SecureWatch:DataDirectory"] = dataDirectory,
                ["Pipeline:ConsumerSessionTimeout"] = "00:00:06",
                // Test hosts talk to a mock cluster given by address, which would otherwise get the classic protocol
                // meant for external brokers; the embedded cluster's own choice (KIP-848) joins in well under a second.
                ["Kafka:GroupProtocol"] = "Consumer",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            services?.Invoke(builder.Services);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // Tests of refused configurations expect start-up to fail; leave nothing of the host behind.
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }

        await app.Services.GetRequiredService<DatabaseChangeListener>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return new RunningHost(app, new Uri(app.Urls.First()), dataDirectory);
    }

    public HttpClient CreateClient(string? key = AdminKey)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public T GetRequiredService<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Stops as a killed process would: Kafka consumers vanish mid-batch without closing or committing.</summary>
    public async ValueTask CrashAsync()
    {
        _app.Services.GetRequiredService<KafkaPipelineService>().AbandonOnStop = true;
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
