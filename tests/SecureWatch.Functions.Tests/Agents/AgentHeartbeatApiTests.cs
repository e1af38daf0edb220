using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Agents;

/// <summary>Heartbeats are stored in PostgreSQL and listed with a state derived from them, by every host instance.</summary>
public sealed class AgentHeartbeatApiTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private TestDatabase _database = null!;
    private RunningHost _host = null!;
    private HttpClient _agent = null!;
    private HttpClient _reader = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await RunningHost.StartAsync(_database.ConnectionString, services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _agent = _host.CreateClient(RunningHost.AgentKey);
        _reader = _host.CreateClient(RunningHost.ReaderKey);
    }

    public async Task DisposeAsync()
    {
        _agent.Dispose();
        _reader.Dispose();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_heartbeat_is_listed_with_its_report_and_seen_by_another_instance()
    {
        await Heartbeats.ReportedAsync(_agent, "sensor-1.lab", Heartbeats.Report(packetsRead: 5000));

        var listed = await Heartbeats.ListedAsync(_reader, "sensor-1.lab");
        Assert.Equal("running", listed.GetProperty("state").GetString());
        Assert.False(listed.GetProperty("dropping").GetBoolean());
        var report = listed.GetProperty("report");
        Assert.Equal("1.2.3", report.GetProperty("version").GetString());
        Assert.Equal("lo", report.GetProperty("interface").GetString());
        Assert.Equal(1, report.GetProperty("link_type").GetInt32());
        Assert.Equal("tcp or udp", report.GetProperty("bpf_filter").GetString());
        Assert.Equal(5000, report.GetProperty("packets_read").GetInt64());
        Assert.Equal(4990, report.GetProperty("packets_decoded").GetInt64());
        Assert.Equal(7, report.GetProperty("flows_active").GetInt64());
        Assert.Equal(98, report.GetProperty("records_delivered").GetInt64());
        Assert.Equal("connected", report.GetProperty("kafka_state").GetString());
        var firstSeen = listed.GetProperty("first_seen").GetDateTimeOffset();

        await using var other = await RunningHost.StartAsync(_database.ConnectionString);
        using var otherReader = other.CreateClient(RunningHost.ReaderKey);
        await Heartbeats.ReportedAsync(_agent, "sensor-1.lab", Heartbeats.Report(packetsRead: 6000));
        var seenElsewhere = await Heartbeats.ListedAsync(otherReader, "sensor-1.lab");
        Assert.Equal(6000, seenElsewhere.GetProperty("report").GetProperty("packets_read").GetInt64());
        Assert.Equal(firstSeen, seenElsewhere.GetProperty("first_seen").GetDateTimeOffset());
        Assert.True(seenElsewhere.GetProperty("last_seen").GetDateTimeOffset() > firstSeen);
    }

    [Fact]
    public async Task An_agent_is_stale_after_three_missed_intervals_and_running_again_when_it_reports()
    {
        await Heartbeats.ReportedAsync(_agent, "short-interval", Heartbeats.Report(interval: 0.2));
        Assert.Equal("running", (await Heartbeats.ListedAsync(_reader, "short-interval")).GetProperty("state").GetString());

        await Task.Delay(TimeSpan.FromSeconds(1));
        var stale = await Heartbeats.ListedAsync(_reader, "short-interval");
        Assert.Equal("stale", stale.GetProperty("state").GetString());
        Assert.Contains("0.2 s", stale.GetProperty("state_detail").GetString(), StringComparison.Ordinal);

        await Heartbeats.ReportedAsync(_agent, "short-interval", Heartbeats.Report(interval: 0.2));
        Assert.Equal("running", (await Heartbeats.ListedAsync(_reader, "short-interval")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_stopping_report_marks_the_agent_stopped_and_it_does_not_go_stale()
    {
        await Heartbeats.ReportedAsync(_agent, "clean-exit", Heartbeats.Report(interval: 0.2));
        await Heartbeats.ReportedAsync(_agent, "clean-exit", Heartbeats.Report(interval: 0.2, stopping: true));

        await Task.Delay(TimeSpan.FromSeconds(1));
        var listed = await Heartbeats.ListedAsync(_reader, "clean-exit");
        Assert.Equal("stopped", listed.GetProperty("state").GetString());
        Assert.True(listed.GetProperty("report").GetProperty("stopping").GetBoolean());
    }

    [Fact]
    public async Task Dropping_more_than_one_percent_in_an_interval_is_flagged_and_logged()
    {
        await Heartbeats.ReportedAsync(_agent, "busy-link", Heartbeats.Report(packetsRead: 10_000, kernelDrops: 5_000));
        // Between the reports: 1 000 packets read and 50 dropped, 4.76 % — the totals alone (33 %) would mislead.
        var stored = await Heartbeats.ReportedAsync(_agent, "busy-link", Heartbeats.Report(packetsRead: 11_000, kernelDrops: 5_050));
        Assert.True(stored.GetProperty("dropping").GetBoolean());
        Assert.Equal(50.0 / 1050, stored.GetProperty("drop_rate").GetDouble(), 6);
        Assert.Contains("dropping", stored.GetProperty("state_detail").GetString(), StringComparison.Ordinal);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("busy-link", StringComparison.Ordinal)
            && e.Message.Contains("4.76 %", StringComparison.Ordinal));
        Assert.Contains("Agents", warning.Category, StringComparison.Ordinal);

        // 1 000 more packets, 5 dropped (0.5 %): no longer dropping. Records lost at the Kafka queue count the same way.
        var calm = await Heartbeats.ReportedAsync(_agent, "busy-link", Heartbeats.Report(packetsRead: 12_000, kernelDrops: 5_055));
        Assert.False(calm.GetProperty("dropping").GetBoolean());
        var lossy = await Heartbeats.ReportedAsync(_agent, "busy-link",
            Heartbeats.Report(packetsRead: 13_000, kernelDrops: 5_055, recordsEnqueued: 200, recordsDropped: 10));
        Assert.True(lossy.GetProperty("dropping").GetBoolean());
        Assert.Equal(10.0 / 110, lossy.GetProperty("record_drop_rate").GetDouble(), 6);
        Assert.True((await Heartbeats.ListedAsync(_reader, "busy-link")).GetProperty("dropping").GetBoolean());
    }

    [Fact]
    public async Task Counters_that_go_backwards_mean_a_restart_and_start_the_interval_from_zero()
    {
        await Heartbeats.ReportedAsync(_agent, "restarted", Heartbeats.Report(packetsRead: 90_000, kernelDrops: 0));

        var afterRestart = await Heartbeats.ReportedAsync(_agent, "restarted", Heartbeats.Report(packetsRead: 100, kernelDrops: 50));

        Assert.Equal(50.0 / 150, afterRestart.GetProperty("drop_rate").GetDouble(), 6);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash%2Fname")]
    [InlineData("ünïcode")]
    [InlineData("a-name-that-is-far-too-long-for-an-agent-0123456789012345678901234")]
    public async Task A_name_outside_the_rule_is_a_validation_problem(string name)
    {
        var problem = await ProblemAssert.IsProblemAsync(await Heartbeats.PostAsync(_agent, name, Heartbeats.Report()), HttpStatusCode.BadRequest);

        Assert.StartsWith("name:", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("version", null, "version:")]
    [InlineData("interval_seconds", 0.0, "interval_seconds:")]
    [InlineData("interval_seconds", 86400.0, "interval_seconds:")]
    [InlineData("packets_read", -1L, "packets_read:")]
    [InlineData("records_pending", -5L, "records_pending:")]
    [InlineData("kafka_state", "melting", "kafka_state:")]
    [InlineData("link_type", 70000, "link_type:")]
    public async Task A_broken_field_is_a_validation_problem_naming_it(string field, object? value, string detailStart)
    {
        var report = Heartbeats.Report();
        report[field] = value;

        var problem = await ProblemAssert.IsProblemAsync(await Heartbeats.PostAsync(_agent, "validated", report), HttpStatusCode.BadRequest);

        Assert.StartsWith(detailStart, ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":"1","interval_seconds":2,"packets_raed":5}""")]
    [InlineData("""{"version":"1","interval_seconds":2,"Version":"2"}""")]
    [InlineData("""{"version":"1","interval_seconds":2,"version":"2"}""")]
    [InlineData("""{"version":"1","interval_seconds":"2"}""")]
    public async Task Unknown_duplicate_or_mistyped_fields_are_refused(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        await ProblemAssert.IsProblemAsync(await _agent.PostAsync("/api/v1/agents/strict/heartbeat", content), HttpStatusCode.BadRequest);

        var agents = await _reader.GetFromJsonAsync<JsonElement>("/api/v1/agents");
        Assert.DoesNotContain(agents.EnumerateArray(), a => a.GetProperty("name").GetString() == "strict");
    }
}
