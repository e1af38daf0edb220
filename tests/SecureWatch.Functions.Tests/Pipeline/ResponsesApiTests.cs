using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Tests.Infrastructure;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

public sealed class ResponsesApiTests
{
    private static readonly Dictionary<string, string?> QuarantineAttackers = new()
    {
        ["SelfHealing:DryRun"] = "false",
        ["SelfHealing:Rules:0:Id"] = "quarantine-attacking-providers",
        ["SelfHealing:Rules:0:MinProbability"] = "0.9",
        ["SelfHealing:Rules:0:DataSources:0"] = DataSourceNames.ExternalKafka,
        ["SelfHealing:Rules:0:Actions:0"] = "quarantine_provider",
    };

    private static readonly Dictionary<string, string?> BlockAttackers = new()
    {
        ["SelfHealing:DryRun"] = "false",
        ["SelfHealing:Rules:0:Id"] = "block-attackers",
        ["SelfHealing:Rules:0:MinProbability"] = "0.5",
        ["SelfHealing:Rules:0:Actions:0"] = "block_source",
        ["SelfHealing:Rules:0:Actions:1"] = "rate_limit_sender",
        ["SelfHealing:Rules:0:Ttl"] = "01:00:00",
    };

    [Fact]
    public async Task Blocks_decided_on_one_instance_hold_on_another_are_published_as_a_blocklist_and_lift_everywhere_on_undo()
    {
        await using var bed = await StartAsync(BlockAttackers);
        await bed.SetSourceAsync(DataSourceNames.ExternalKafka, new { is_enabled = true, config_params = new { require_signature = false } });
        await bed.WhitelistAsync("198.51.100.0/24");
        await using var other = await RunningHost.StartAsync(bed.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Pipeline:Enabled"] = "false",
            ["Kafka:BootstrapServers"] = bed.Cluster.BootstrapServers,
        });
        for (var i = 0; i < 60; i++)
        {
            bed.ProduceRecord(DataSourceNames.ExternalKafka, ExternalTopic, "198.51.100.7");
        }

        bed.Flush();
        using var admin = other.CreateClient();
        List<JsonElement> blocks = [];
        await WaitUntilAsync(async () =>
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/responses?in_force=true&limit=1000");
            blocks = [.. list.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "block_source")];
            return blocks.Count > 0 && list.EnumerateArray().Any(e => e.GetProperty("action").GetString() == "rate_limit_sender");
        }, "a block and a rate limit");

        // An external provider is blocked as its verified sender, never as the flow addresses it writes.
        var targets = blocks.Select(b => b.GetProperty("target").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["198.51.100.7"], targets);
        var here = bed.Host.Services.GetRequiredService<SelfHealingEngine>();
        var there = other.Services.GetRequiredService<SelfHealingEngine>();
        await WaitUntilAsync(() => Task.FromResult(targets.All(there.BlockedSources.Contains) && there.RateLimitedSenders.Contains("198.51.100.0/24")),
            "the second instance enforcing what the first decided");
        using var reader = other.CreateClient(RunningHost.ReaderKey);
        using var blocklist = await reader.GetAsync("/api/v1/responses/blocklist");
        Assert.Equal("text/plain", blocklist.Content.Headers.ContentType?.MediaType);
        Assert.Equal(targets, (await blocklist.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Undone through the instance that did not decide them: the deciding instance lifts them too.
        foreach (var id in blocks.Select(b => b.GetProperty("id").GetGuid()))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/responses/{id}/undo", null)).StatusCode);
        }

        await WaitUntilAsync(() => Task.FromResult(!targets.Any(here.BlockedSources.Contains)), "the deciding instance lifting the blocks");
        Assert.True(here.RateLimitedSenders.Contains("198.51.100.0/24"));
        Assert.Equal("", await reader.GetStringAsync("/api/v1/responses/blocklist"));
    }

    [Fact]
    public async Task Blocks_not_made_because_the_target_is_protected_are_counted_in_the_detailed_health_report()
    {
        await using var bed = await StartAsync(BlockAttackers);
        await bed.SetSourceAsync(DataSourceNames.ExternalKafka, new { is_enabled = true, config_params = new { require_signature = false } });
        await bed.WhitelistAsync("127.0.0.1");
        for (var i = 0; i < 60; i++)
        {
            bed.ProduceRecord(DataSourceNames.ExternalKafka, ExternalTopic, "127.0.0.1");
        }

        bed.Flush();
        await WaitUntilAsync(async () => await bed.CountAsync() == 60, "the 60 records");
        await WaitUntilAsync(async () => await bed.CountAsync("SELECT count(*) FROM traffic_data WHERE is_attack") > 0, "an attack");

        // Loopback is never blocked or rate-limited; the skipped decisions show where the pipeline counters are.
        using var reader = bed.Host.CreateClient(RunningHost.ReaderKey);
        var kafka = (await reader.GetFromJsonAsync<JsonElement>("/api/v1/health")).GetProperty("kafka");
        var skips = kafka.GetProperty("protected_skips").GetInt64();
        Assert.True(skips > 0, kafka.ToString());
        Assert.Equal(bed.Host.Services.GetRequiredService<SelfHealingEngine>().ProtectedSkips, skips);
        using var admin = bed.Admin();
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/responses")).GetArrayLength());
    }

    [Fact]
    public async Task A_quarantine_is_listed_with_its_traffic_row_and_undo_restores_the_provider_once()
    {
        await using var bed = await StartAsync(QuarantineAttackers);
        await bed.SetSourceAsync(DataSourceNames.ExternalKafka, new { is_enabled = true, config_params = new { require_signature = false } });
        await bed.WhitelistAsync("127.0.0.1");
        for (var i = 0; i < 30; i++)
        {
            bed.ProduceRecord(DataSourceNames.ExternalKafka, ExternalTopic, "127.0.0.1");
        }

        bed.Flush();
        using var admin = bed.Admin();
        JsonElement response = default;
        await WaitUntilAsync(async () =>
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/responses");
            response = list.EnumerateArray().FirstOrDefault();
            return list.GetArrayLength() == 1;
        }, "one quarantine decision");

        Assert.Equal("quarantine_provider", response.GetProperty("action").GetString());
        Assert.Equal("127.0.0.1", response.GetProperty("target").GetString());
        Assert.False(response.GetProperty("dry_run").GetBoolean());
        var trafficId = response.GetProperty("traffic_id").GetInt64();
        Assert.Equal(1, await bed.CountAsync($"SELECT count(*) FROM traffic_data WHERE id = {trafficId} AND response_action = 'quarantine_provider' AND is_attack"));
        var entry = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/config/whitelist"))[0];
        Assert.False(entry.GetProperty("is_active").GetBoolean());

        var id = response.GetProperty("id").GetGuid();
        using var reader = bed.Host.CreateClient(RunningHost.ReaderKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/v1/responses/{id}/undo", null)).StatusCode);
        var undo = await admin.PostAsync($"/api/v1/responses/{id}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal("admin", (await undo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("undone_by").GetString());
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/v1/config/whitelist"))[0].GetProperty("is_active").GetBoolean());
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/v1/responses/{id}/undo", null), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/v1/responses/{Guid.NewGuid()}/undo", null), HttpStatusCode.NotFound);
    }
}
