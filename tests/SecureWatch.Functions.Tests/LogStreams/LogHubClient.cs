using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using SecureWatch.Functions.Live;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>
/// The .NET SignalR client connected as the web UI connects (negotiate with the key, then the hub with the access
/// token), collecting the log and logStats pushes it receives.
/// </summary>
internal sealed class LogHubClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HubConnection _connection;

    private LogHubClient(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>(LiveTargets.Log, log => Logs.Writer.TryWrite(log));
        connection.On<JsonElement>(LiveTargets.LogStats, stats => Stats.Writer.TryWrite(stats));
    }

    public Channel<JsonElement> Logs { get; } = Channel.CreateUnbounded<JsonElement>();

    public Channel<JsonElement> Stats { get; } = Channel.CreateUnbounded<JsonElement>();

    public string ConnectionId => _connection.ConnectionId ?? throw new InvalidOperationException("not connected");

    public static async Task<LogHubClient> ConnectAsync(RunningHost host, string key = RunningHost.ReaderKey)
    {
        using var http = host.CreateClient(key);
        var negotiate = await http.PostAsync(new Uri("/api/negotiate", UriKind.Relative), null);
        negotiate.EnsureSuccessStatusCode();
        var answer = await negotiate.Content.ReadFromJsonAsync<JsonElement>();
        var url = answer.GetProperty("url").GetString()!;
        var token = answer.GetProperty("accessToken").GetString()!;
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new LogHubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>The next log push, or a failed test after <see cref="Patience"/>.</summary>
    public async Task<JsonElement> NextLogAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        return await Logs.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Log pushes received so far and not read yet.</summary>
    public List<JsonElement> DrainLogs()
    {
        var drained = new List<JsonElement>();
        while (Logs.Reader.TryRead(out var log))
        {
            drained.Add(log);
        }

        return drained;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
