using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>
/// The real SignalR JavaScript client (@microsoft/signalr, installed by scripts/test.sh) running under node, connected
/// to a hub; every event it reports is one JSON line on its standard output.
/// </summary>
internal sealed class SignalRNodeClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _pump;

    private SignalRNodeClient(Process process)
    {
        _process = process;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Directory of the client script and its node_modules.</summary>
    public static string ClientDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SecureWatch.slnx")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(
                directory?.FullName ?? throw new InvalidOperationException("repository root (SecureWatch.slnx) not found"),
                "tests", "SecureWatch.Functions.Tests", "signalr-client");
        }
    }

    /// <param name="apiUrl">The API base (http://host:port/api), whose /negotiate issues hub access tokens.</param>
    /// <param name="auth">
    /// token (negotiate with the key in a header, then accessTokenFactory, as the web UI does), redirect (the SignalR
    /// client following negotiate's answer), raw-key (the API key itself as the hub's access token) or none.
    /// </param>
    /// <param name="transport">WebSockets, ServerSentEvents or LongPolling.</param>
    public static SignalRNodeClient Start(Uri apiUrl, string? key, string auth = "token", string transport = "WebSockets")
    {
        var directory = ClientDirectory;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@microsoft", "signalr")))
        {
            throw new InvalidOperationException($"@microsoft/signalr is not installed: run `npm ci` in {directory} (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("listen.cjs");
        start.ArgumentList.Add(apiUrl.ToString().TrimEnd('/'));
        start.ArgumentList.Add(auth);
        start.ArgumentList.Add(transport);
        start.Environment["SECUREWATCH_KEY"] = key ?? "";
        return new SignalRNodeClient(ChildProcessGate.Start(start));
    }

    /// <summary>Starts a client and waits until it is connected; fails the test with the client's reason otherwise.</summary>
    public static async Task<SignalRNodeClient> ConnectAsync(Uri apiUrl, string key, string auth = "token", string transport = "WebSockets")
    {
        var client = Start(apiUrl, key, auth, transport);
        var first = await client.NextAsync();
        if (!first.TryGetProperty("connected", out _))
        {
            await client.DisposeAsync();
            Assert.Fail($"the SignalR client did not connect: {first}");
        }

        return client;
    }

    /// <summary>The next event, or a failed test after <see cref="Patience"/>.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no SignalR event within {Patience.TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the SignalR client exited: {await _process.StandardError.ReadToEndAsync()}");
        }
    }

    /// <summary>Skips events until one invokes <paramref name="target"/> with an argument matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string target, Func<JsonElement, bool> match)
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.TryGetProperty("target", out var name) && name.GetString() == target && match(next.GetProperty("arg")))
            {
                return next.GetProperty("arg");
            }
        }
    }

    /// <summary>Events received so far and not yet read, without waiting.</summary>
    public List<JsonElement> Drain()
    {
        var drained = new List<JsonElement>();
        while (_events.Reader.TryRead(out var item))
        {
            drained.Add(item);
        }

        return drained;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _pump;
        _process.Dispose();
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                _events.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        _events.Writer.TryComplete();
    }
}
