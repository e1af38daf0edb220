using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SecureWatch.CaptureAgent.Tests.Support;

namespace SecureWatch.CaptureAgent.Tests.Control;

/// <summary>
/// The agent process, following a real host with an agent-role key, reports its counters every control interval and
/// says goodbye on a clean shutdown: GET /api/v1/agents shows it running, then stopped.
/// </summary>
public sealed class HeartbeatTests : IDisposable
{
    private const string AgentName = "heartbeat-test-agent";
    private readonly string _directory = Directory.CreateTempSubdirectory("sw-heartbeat-").FullName;

    [RootFact("curl", "python3", "ss")]
    public async Task The_agent_reports_its_capture_and_deliveries_and_is_stopped_after_sigterm()
    {
        await using var host = await SecureWatchHost.StartAsync();
        await host.SetPacketCaptureAsync(new { is_enabled = true, config_params = new { @interface = "lo", bpf_filter = "tcp port 80" } });
        File.WriteAllText(Path.Combine(_directory, "page.html"), "hello");
        using var ns = new NetworkNamespace();
        ns.Start("python3", "-m", "http.server", "80", "--bind", "127.0.0.1", "--directory", _directory);
        Assert.True(ns.WaitForListener(80), "the HTTP server did not start");
        using var agent = ProcessRunner.Start(
            Agent.DotnetPath,
            [Agent.DllPath, "--control-url", host.Address.ToString(), "--control-interval", "0.5", "--netns", ns.Name, "--name", AgentName,
             "--bootstrap-file", host.BootstrapFile, "--rst-timeout", "0.5"],
            new Dictionary<string, string> { ["SECUREWATCH_API_KEY"] = SecureWatchHost.AgentKey },
            out _,
            out var log);
        try
        {
            var capturing = await WaitForAgentAsync(host, a => a.GetProperty("report").GetProperty("capturing").GetBoolean(), log);
            Assert.Equal("running", capturing.GetProperty("state").GetString());
            var report = capturing.GetProperty("report");
            Assert.Equal("lo", report.GetProperty("interface").GetString());
            Assert.Equal("tcp port 80", report.GetProperty("bpf_filter").GetString());
            Assert.Equal(0.5, report.GetProperty("interval_seconds").GetDouble());
            Assert.Equal("connected", report.GetProperty("kafka_state").GetString());

            for (var i = 0; i < 3; i++)
            {
                var result = ns.Run("curl", "-sS", "-o", "/dev/null", "http://127.0.0.1/page.html");
                Assert.True(result.ExitCode == 0, result.StandardError);
            }

            var delivered = await WaitForAgentAsync(host, a => a.GetProperty("report").GetProperty("records_delivered").GetInt64() >= 3, log);
            report = delivered.GetProperty("report");
            Assert.True(report.GetProperty("packets_read").GetInt64() >= 3 * 6, report.ToString());
            Assert.True(report.GetProperty("packets_decoded").GetInt64() > 0);
            Assert.Equal(0, report.GetProperty("kernel_drops").GetInt64());
            Assert.Equal(0, report.GetProperty("records_dropped").GetInt64());
            Assert.False(delivered.GetProperty("dropping").GetBoolean());

            ProcessRunner.Signal(agent, "TERM");
            Assert.True(agent.WaitForExit(60_000), $"the agent did not stop: {Text(log)}");
            agent.WaitForExit();
            Assert.True(agent.ExitCode == 0, Text(log));
            var stopped = await host.AgentAsync(AgentName);
            Assert.Equal("stopped", stopped!.Value.GetProperty("state").GetString());
            Assert.True(stopped.Value.GetProperty("report").GetProperty("stopping").GetBoolean());
            Assert.Equal(3, stopped.Value.GetProperty("report").GetProperty("records_delivered").GetInt64());
            Assert.DoesNotContain("cannot report the heartbeat", Text(log), StringComparison.Ordinal);
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

    [RootFact]
    public void A_name_outside_the_rule_is_refused_on_the_command_line()
    {
        var result = ProcessRunner.Run(Agent.DotnetPath, [Agent.DllPath, "--control-url", "http://127.0.0.1:1", "--name", "no spaces/allowed"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is not an agent name", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<JsonElement> WaitForAgentAsync(SecureWatchHost host, Func<JsonElement, bool> condition, StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        JsonElement? last = null;
        while (clock.Elapsed < TopicReader.Patience)
        {
            last = await host.AgentAsync(AgentName);
            if (last is { } agent && condition(agent))
            {
                return agent;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the agent's heartbeat never showed the expected state; last: {last?.ToString() ?? "not listed"}; log: {Text(log)}");
        return default;
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
