using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Agents;

/// <summary>An agent key reads the packet_capture source and reports heartbeats, and opens nothing else.</summary>
public sealed class AgentRoleTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Agent_key_reads_the_packet_capture_source()
    {
        using var agent = fixture.Host.CreateClient(RunningHost.AgentKey);

        var source = await agent.GetFromJsonAsync<JsonElement>("/api/v1/config/sources/packet_capture");

        Assert.Equal("packet_capture", source.GetProperty("source_name").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/config/sources")]
    [InlineData("GET", "/api/v1/config/sources/external_kafka")]
    [InlineData("GET", "/api/v1/config/sources/internal_kafka")]
    [InlineData("PATCH", "/api/v1/config/sources/packet_capture")]
    [InlineData("GET", "/api/v1/config/whitelist")]
    [InlineData("POST", "/api/v1/config/whitelist")]
    [InlineData("GET", "/api/v1/traffic")]
    [InlineData("GET", "/api/v1/stats")]
    [InlineData("GET", "/api/v1/alerts")]
    [InlineData("GET", "/api/v1/responses")]
    [InlineData("GET", "/api/v1/agents")]
    public async Task Agent_key_is_forbidden_everywhere_else(string method, string path)
    {
        using var agent = fixture.Host.CreateClient(RunningHost.AgentKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = JsonContent.Create(new { });
        }

        var problem = await ProblemAssert.IsProblemAsync(await agent.SendAsync(request), HttpStatusCode.Forbidden);

        Assert.Contains("'agent'", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunningHost.ReaderKey)]
    [InlineData(RunningHost.AnalystKey)]
    public async Task Reader_and_analyst_keys_may_not_report_a_heartbeat(string key)
    {
        using var client = fixture.Host.CreateClient(key);

        await ProblemAssert.IsProblemAsync(await Heartbeats.PostAsync(client, "role-check", Heartbeats.Report()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_key_may_report_a_heartbeat()
    {
        using var admin = fixture.Host.CreateClient(RunningHost.AdminKey);

        var stored = await Heartbeats.ReportedAsync(admin, "admin-reported", Heartbeats.Report());

        Assert.Equal("running", stored.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_agent_key_configured_by_hash_in_the_keys_section_has_the_agent_role()
    {
        const string key = "capture-host-7-key-0123456789abcdef0123";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        await using var host = await RunningHost.StartAsync(fixture.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["ApiKeys:Keys:0:Name"] = "capture-host-7",
            ["ApiKeys:Keys:0:Role"] = "agent",
            ["ApiKeys:Keys:0:Sha256"] = hash,
        });
        using var agent = host.CreateClient(key);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/config/sources/packet_capture")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Heartbeats.PostAsync(agent, "capture-host-7", Heartbeats.Report())).StatusCode);
        await ProblemAssert.IsProblemAsync(await agent.GetAsync("/api/v1/traffic"), HttpStatusCode.Forbidden);
    }
}
