using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SecureWatch.CaptureAgent.Tests.Support;

namespace SecureWatch.CaptureAgent.Tests.Control;

/// <summary>
/// The agent (a real process in the root namespace) captures the loopback interface of a test namespace, follows
/// the packet_capture source of a real SecureWatch host and publishes to that host's embedded Kafka.
/// </summary>
public sealed class FollowingTheApiTests : IDisposable
{
    private const string CapturedTopic = "captured-traffic";
    private const string RenamedTopic = "captured-renamed";
    private readonly string _directory = Directory.CreateTempSubdirectory("sw-follow-").FullName;

    public FollowingTheApiTests()
    {
        File.WriteAllText(Path.Combine(_directory, "page.html"), new string('z', 500));
    }

    [RootFact("curl", "python3", "ss")]
    public async Task Live_capture_follows_enabling_disabling_filter_and_topic_changes_without_restarting()
    {
        await using var host = await SecureWatchHost.StartAsync();
        using var ns = StartWebServer();
        var summaryFile = Path.Combine(_directory, "summary.json");
        using var agent = ProcessRunner.Start(
            Agent.DotnetPath,
            [Agent.DllPath, "--control-url", host.Address.ToString(), "--control-interval", "0.5", "--netns", ns.Name,
             "--bootstrap-file", host.BootstrapFile, "--rst-timeout", "0.5", "--stats-interval", "1", "--summary-file", summaryFile],
            new Dictionary<string, string> { ["SECUREWATCH_API_KEY"] = SecureWatchHost.ReaderKey },
            out _,
            out var log);
        try
        {
            // Seeded disabled: the agent waits without capturing.
            WaitForLog(log, "the packet_capture source is disabled", 1);
            await host.SetPacketCaptureAsync(new { is_enabled = true, config_params = new { @interface = "lo", bpf_filter = "tcp port 80" } });
            WaitForLog(log, $"capturing from interface lo in network namespace {ns.Name}", 1);
            Requests(ns, 41_001);
            Assert.Equal(Ports(41_001), SourcePorts(host, CapturedTopic, 3));

            await host.SetPacketCaptureAsync(new { is_enabled = false });
            WaitForLog(log, "the packet_capture source is disabled", 2);
            Requests(ns, 42_001);
            await host.SetPacketCaptureAsync(new { is_enabled = true });
            WaitForLog(log, "capturing from interface lo", 2);
            Requests(ns, 43_001);
            Assert.Equal(Ports(41_001).Concat(Ports(43_001)), SourcePorts(host, CapturedTopic, 6));

            await host.SetPacketCaptureAsync(new { config_params = new { bpf_filter = "tcp port 8080" } });
            WaitForLog(log, "capturing from interface lo", 3);
            Requests(ns, 44_001);
            await host.SetPacketCaptureAsync(new { config_params = new { bpf_filter = "tcp port 80", topic = RenamedTopic } });
            WaitForLog(log, "capturing from interface lo", 4);
            Requests(ns, 45_001);
            Assert.Equal(Ports(45_001), SourcePorts(host, RenamedTopic, 3));
            Assert.Equal(Ports(41_001).Concat(Ports(43_001)), SourcePorts(host, CapturedTopic, 6));

            Assert.False(agent.HasExited, Text(log));
            ProcessRunner.Signal(agent, "TERM");
            Assert.True(agent.WaitForExit(60_000), $"the agent did not stop: {Text(log)}");
            agent.WaitForExit();
            Assert.True(agent.ExitCode == 0, Text(log));
            var text = Text(log);
            Assert.Contains("settings changed: disabled", text, StringComparison.Ordinal);
            Assert.Contains("settings changed: enabled", text, StringComparison.Ordinal);
            Assert.Contains("bpf_filter 'tcp port 80' -> 'tcp port 8080'", text, StringComparison.Ordinal);
            Assert.Contains($"topic {CapturedTopic} -> {RenamedTopic}", text, StringComparison.Ordinal);
            var summary = JsonDocument.Parse(File.ReadAllText(summaryFile)).RootElement;
            Assert.Equal(9, summary.GetProperty("records_published").GetInt64());
            Assert.Equal(9, summary.GetProperty("kafka").GetProperty("delivered").GetInt64());
            Assert.Equal(0, summary.GetProperty("kafka").GetProperty("dropped").GetInt64());
            Assert.Equal(RenamedTopic, summary.GetProperty("kafka").GetProperty("topic").GetString());
        }
        finally
        {
            StopIfRunning(agent);
        }
    }

    [RootFact("curl", "python3", "ss")]
    public void An_unreachable_api_leaves_the_capture_running_on_the_settings_it_has()
    {
        using var ns = StartWebServer();
        var records = Path.Combine(_directory, "records.jsonl");
        using var agent = ProcessRunner.Start(
            Agent.DotnetPath,
            [Agent.DllPath, "--control-url", $"http://127.0.0.1:{UnusedPort()}", "--control-interval", "0.5", "--interface", "lo",
             "--filter", "tcp port 80", "--netns", ns.Name, "--out-file", records, "--rst-timeout", "0.5"],
            new Dictionary<string, string> { ["SECUREWATCH_API_KEY"] = "any-key" },
            out _,
            out var log);
        try
        {
            WaitForLog(log, "keeping the last known settings", 1);
            WaitForLog(log, $"capturing from interface lo in network namespace {ns.Name}", 1);
            Requests(ns, 46_001);

            Assert.True(ProcessRunner.WaitFor(() => Agent.ReadRecords(records).Count >= 3, TopicReader.Patience), Text(log));
            Assert.Equal(Ports(46_001), Agent.ReadRecords(records).Select(r => r.Flow.SrcPort).Order());
            Assert.Equal(1, Occurrences(Text(log), "keeping the last known settings"));
        }
        finally
        {
            StopIfRunning(agent);
        }
    }

    [RootFact]
    public void A_missing_network_namespace_is_reported_plainly()
    {
        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--interface", "lo", "--netns", "sw-no-such-ns", "--out-file", Path.Combine(_directory, "r.jsonl")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("There is no network namespace 'sw-no-such-ns'", result.StandardError, StringComparison.Ordinal);
    }

    [RootFact("setpriv")]
    public void Entering_a_namespace_without_cap_sys_admin_names_the_capability()
    {
        using var ns = new NetworkNamespace();

        var result = ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", Agent.DotnetPath, Agent.DllPath,
            "--interface", "lo", "--netns", ns.Name]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CAP_SYS_ADMIN", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<int> Ports(int first) => Enumerable.Range(first, 3);

    /// <summary>Source ports of the records on the topic, once at least <paramref name="atLeast"/> arrived and it went quiet.</summary>
    private static List<int> SourcePorts(SecureWatchHost host, string topic, int atLeast) =>
        TopicReader.Read(host.BootstrapServers, topic, atLeast).Select(m => m.Record.Flow.SrcPort).Order().ToList();

    /// <summary>Three HTTP requests from chosen client ports, so each phase's connections can be told apart.</summary>
    private static void Requests(NetworkNamespace ns, int firstPort)
    {
        foreach (var port in Ports(firstPort))
        {
            var result = ns.Run("curl", "-sS", "-o", "/dev/null", "--local-port", port.ToString(CultureInfo.InvariantCulture), "http://127.0.0.1/page.html");
            Assert.True(result.ExitCode == 0, result.StandardError);
        }
    }

    private static void WaitForLog(StringBuilder log, string line, int times) =>
        Assert.True(
            ProcessRunner.WaitFor(() => Occurrences(Text(log), line) >= times, TopicReader.Patience),
            $"the agent did not log '{line}' {times} time(s): {Text(log)}");

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void StopIfRunning(Process agent)
    {
        if (!agent.HasExited)
        {
            agent.Kill(entireProcessTree: true);
            agent.WaitForExit(10_000);
        }
    }

    private NetworkNamespace StartWebServer()
    {
        var ns = new NetworkNamespace();
        ns.Start("python3", "-m", "http.server", "80", "--bind", "127.0.0.1", "--directory", _directory);
        Assert.True(ns.WaitForListener(80), "the HTTP server did not start");
        return ns;
    }
}
