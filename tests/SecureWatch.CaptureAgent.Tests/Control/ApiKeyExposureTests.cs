using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SecureWatch.CaptureAgent.Tests.Support;

namespace SecureWatch.CaptureAgent.Tests.Control;

/// <summary>The agent's API key goes to the --control-url it was given and nowhere else, and never in clear over a network.</summary>
public sealed class ApiKeyExposureTests : IDisposable
{
    private const string Key = "reader-key-that-must-not-travel";
    private readonly string _directory = Directory.CreateTempSubdirectory("sw-apikey-").FullName;

    [Fact]
    public async Task A_redirect_from_the_api_is_refused_and_the_key_never_reaches_the_other_host()
    {
        using var elsewhere = new RecordingHttpListener(_ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        using var api = new RecordingHttpListener(_ =>
            $"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{elsewhere.Port}/api/v1/config/sources/packet_capture\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var agent = ProcessRunner.Start(
            Agent.DotnetPath,
            [Agent.DllPath, "--control-url", $"http://127.0.0.1:{api.Port}", "--control-interval", "0.2", "--out-file", Path.Combine(_directory, "r.jsonl")],
            new Dictionary<string, string> { ["SECUREWATCH_API_KEY"] = Key },
            out _,
            out var log);
        try
        {
            Assert.True(
                ProcessRunner.WaitFor(() => Text(log).Contains("keeping the last known settings", StringComparison.Ordinal), TimeSpan.FromSeconds(60)),
                Text(log));
            await api.WaitForRequestsAsync(2);

            var text = Text(log);
            Assert.Empty(elsewhere.Requests);
            Assert.Contains("redirect", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"127.0.0.1:{elsewhere.Port}", text, StringComparison.Ordinal);
            Assert.Contains(api.Requests, r => r.Contains(Key, StringComparison.Ordinal));
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
                agent.WaitForExit(10_000);
            }
        }
    }

    [Theory]
    [InlineData("http://192.0.2.10:7071")]
    [InlineData("http://securewatch.example:7071")]
    public void Plain_http_to_a_host_that_is_not_loopback_is_refused_at_start_up(string controlUrl)
    {
        var result = ProcessRunner.RunWithEnvironment(
            Agent.DotnetPath,
            [Agent.DllPath, "--control-url", controlUrl, "--out-file", Path.Combine(_directory, "r.jsonl")],
            new Dictionary<string, string> { ["SECUREWATCH_API_KEY"] = Key },
            TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--control-url", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("https://", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>An HTTP/1.1 server on a loopback port that records each request's head and answers with a fixed response.</summary>
    private sealed class RecordingHttpListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<string, string> _answer;
        private readonly Task _loop;

        public RecordingHttpListener(Func<string, string> answer)
        {
            _answer = answer;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = Task.Run(AcceptAsync);
        }

        public int Port { get; }

        public ConcurrentQueue<string> Requests { get; } = new();

        public async Task WaitForRequestsAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Requests.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(Requests.Count >= count, $"{Requests.Count} requests");
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Stopping the listener ends the accept loop with an exception.
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                Requests.Enqueue(head);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(_answer(head)), _stop.Token);
            }
        }

        private async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return head.ToString();
        }
    }
}
