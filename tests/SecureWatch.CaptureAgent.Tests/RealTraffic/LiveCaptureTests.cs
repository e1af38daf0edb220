using System.Text.Json;
using SecureWatch.CaptureAgent.Tests.Support;

namespace SecureWatch.CaptureAgent.Tests.RealTraffic;

/// <summary>The agent captures live inside a network namespace while curl talks to a local HTTP server.</summary>
public sealed class LiveCaptureTests
{
    [RootFact("curl", "python3", "ss")]
    public void Live_capture_on_the_loopback_interface_reports_each_request() => CaptureRequests("lo");

    [RootFact("curl", "python3", "ss")]
    public void Live_capture_on_any_interface_decodes_cooked_frames() => CaptureRequests("any");

    [RootFact("setpriv")]
    public void Capturing_without_cap_net_raw_says_which_capability_is_missing_and_how_to_grant_it()
    {
        var result = ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", Agent.DotnetPath, Agent.DllPath, "--interface", "lo"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CAP_NET_RAW", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("setcap", result.StandardError, StringComparison.Ordinal);
    }

    [RootFact]
    public void A_bad_interface_or_filter_is_reported_plainly()
    {
        var noDevice = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--interface", "sw-no-such-if0"]);
        var badFilter = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--interface", "lo", "--filter", "tcp port"]);

        Assert.Equal(2, noDevice.ExitCode);
        Assert.Contains("There is no interface 'sw-no-such-if0'", noDevice.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badFilter.ExitCode);
        Assert.Contains("Invalid BPF filter 'tcp port'", badFilter.StandardError, StringComparison.Ordinal);
    }

    private static void CaptureRequests(string captureInterface)
    {
        const int requests = 3;
        var directory = Directory.CreateTempSubdirectory("sw-live-").FullName;
        try
        {
            CaptureRequests(captureInterface, requests, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void CaptureRequests(string captureInterface, int requests, string directory)
    {
        var records = Path.Combine(directory, "records.jsonl");
        var summaryFile = Path.Combine(directory, "summary.json");
        File.WriteAllText(Path.Combine(directory, "page.html"), new string('y', 1000));
        using var ns = new NetworkNamespace();
        ns.Start("python3", "-m", "http.server", "80", "--bind", "127.0.0.1", "--directory", directory);
        Assert.True(ns.WaitForListener(80), "the HTTP server did not start");
        var agent = ns.Start(
            [Agent.DotnetPath, Agent.DllPath, "--interface", captureInterface, "--filter", "tcp port 80", "--out-file", records,
             "--summary-file", summaryFile, "--rst-timeout", "0.5", "--stats-interval", "1"],
            out _,
            out var log);
        Assert.True(ProcessRunner.WaitFor(() => log.ToString().Contains("capturing from", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), $"agent did not start: {log}");

        for (var i = 0; i < requests; i++)
        {
            Assert.Equal(0, ns.Run("curl", "-sS", "-o", "/dev/null", "http://127.0.0.1/page.html").ExitCode);
        }

        // The connections time out on the wall clock while the link is quiet, before the agent stops.
        Assert.True(ProcessRunner.WaitFor(() => Agent.ReadRecords(records).Count >= requests, TimeSpan.FromSeconds(20)), $"records did not arrive: {log}");
        Assert.True(ProcessRunner.WaitFor(() => log.ToString().Contains("securewatch-capture: {", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), $"no periodic statistics: {log}");
        ProcessRunner.Signal(agent, "TERM");
        Assert.True(agent.WaitForExit(20_000), "agent did not stop on SIGTERM");
        agent.WaitForExit();

        Assert.Equal(0, agent.ExitCode);
        var captured = Agent.ReadRecords(records);
        Assert.Equal(requests, captured.Count);
        Assert.All(captured, r => Assert.Equal(("SF", "http", 80), (r.Flag, r.Service, r.Flow.DstPort)));
        Assert.All(captured, r => Assert.InRange(r["dst_bytes"], 1000 + 100, 1000 + 1000));
        Assert.Equal([1, 2, 3], captured.Select(r => r["count"]));
        var summary = JsonDocument.Parse(File.ReadAllText(summaryFile)).RootElement;
        Assert.True(summary.GetProperty("pcap_received").GetInt64() >= requests * 8);
        Assert.Equal(0, summary.GetProperty("pcap_dropped").GetInt64());
        Assert.Contains("\"pcap_received\":", log.ToString(), StringComparison.Ordinal);
    }
}
