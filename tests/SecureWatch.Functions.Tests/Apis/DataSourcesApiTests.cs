using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Apis;

public sealed class DataSourcesApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Path = "/api/v1/config/sources";

    private readonly HttpClient _admin = fixture.Host.CreateClient();

    [Fact]
    public async Task Seeded_sources_are_listed_with_their_parameters()
    {
        var sources = await _admin.GetFromJsonAsync<JsonElement>(Path);

        var byName = sources.EnumerateArray().ToDictionary(s => s.GetProperty("source_name").GetString()!);
        Assert.Equal(["external_kafka", "internal_kafka", "log_streams", "packet_capture"], byName.Keys.Order());
        Assert.False(byName["packet_capture"].GetProperty("is_enabled").GetBoolean());
        Assert.False(byName["external_kafka"].GetProperty("is_enabled").GetBoolean());
        Assert.True(byName["internal_kafka"].GetProperty("is_enabled").GetBoolean());
        var capture = byName["packet_capture"].GetProperty("config_params");
        Assert.Equal("any", capture.GetProperty("interface").GetString());
        Assert.Equal("ip or ip6", capture.GetProperty("bpf_filter").GetString());
        Assert.Equal(1000, capture.GetProperty("buffer_size").GetInt32());
        Assert.Equal("captured-traffic", capture.GetProperty("topic").GetString());
        Assert.Equal("external-traffic", byName["external_kafka"].GetProperty("config_params").GetProperty("topic").GetString());
        Assert.Equal("network-traffic", byName["internal_kafka"].GetProperty("config_params").GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Unknown_source_is_not_found()
    {
        await ProblemAssert.IsProblemAsync(await _admin.GetAsync($"{Path}/carrier_pigeon"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(
            await _admin.PatchAsJsonAsync($"{Path}/carrier_pigeon", new { is_enabled = true }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_merges_parameters_validates_them_and_persists()
    {
        var response = await _admin.PatchAsJsonAsync($"{Path}/packet_capture",
            new { config_params = new { bpf_filter = "tcp port 443 or udp", snaplen = 1500 } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var stored = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/packet_capture");
        var parameters = stored.GetProperty("config_params");
        Assert.Equal("tcp port 443 or udp", parameters.GetProperty("bpf_filter").GetString());
        Assert.Equal(1500, parameters.GetProperty("snaplen").GetInt32());
        Assert.Equal("any", parameters.GetProperty("interface").GetString());

        var removed = await _admin.PatchAsync($"{Path}/packet_capture",
            JsonContent.Create(JsonDocument.Parse("""{"config_params": {"snaplen": null, "bpf_filter": "ip or ip6"}}""").RootElement));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var restored = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/packet_capture");
        Assert.False(restored.GetProperty("config_params").TryGetProperty("snaplen", out _));
    }

    [Fact]
    public async Task Toggle_changes_only_the_enabled_flag()
    {
        var on = await _admin.PatchAsJsonAsync($"{Path}/external_kafka", new { is_enabled = true });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var enabled = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/external_kafka");
        Assert.True(enabled.GetProperty("is_enabled").GetBoolean());
        Assert.Equal("external-traffic", enabled.GetProperty("config_params").GetProperty("topic").GetString());

        await _admin.PatchAsJsonAsync($"{Path}/external_kafka", new { is_enabled = false });
        var disabled = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/external_kafka");
        Assert.False(disabled.GetProperty("is_enabled").GetBoolean());
    }

    [Theory]
    [InlineData("packet_capture", """{"bpf_filter": "tcp and and port 80"}""", "bpf_filter")]
    [InlineData("packet_capture", """{"bpf_filter": "ether host 00:11:22:33:44:55"}""", "bpf_filter")]
    [InlineData("packet_capture", """{"interface": "eth0/1"}""", "interface")]
    [InlineData("packet_capture", """{"interface": "an-interface-name-too-long"}""", "interface")]
    [InlineData("packet_capture", """{"buffer_size": 0}""", "buffer_size")]
    [InlineData("packet_capture", """{"buffer_size": "1000"}""", "buffer_size")]
    [InlineData("packet_capture", """{"buffer_size": 10.5}""", "buffer_size")]
    [InlineData("packet_capture", """{"promiscuous": "yes"}""", "promiscuous")]
    [InlineData("packet_capture", """{"topic": null}""", "topic")]
    [InlineData("internal_kafka", """{"topic": "bad topic!"}""", "topic")]
    [InlineData("internal_kafka", """{"color": "blue"}""", "color")]
    [InlineData("external_kafka", """{"rate_limit_per_second": -1}""", "rate_limit_per_second")]
    [InlineData("external_kafka", """{"require_signature": "no"}""", "require_signature")]
    [InlineData("internal_kafka", """{"topic": "external-traffic"}""", "topic")]
    [InlineData("internal_kafka", """{"topic": "predictions"}""", "topic")]
    [InlineData("external_kafka", """{"topic": "network-traffic.dlq"}""", "topic")]
    [InlineData("packet_capture", """{"topic": "network-traffic"}""", "topic")]
    public async Task Invalid_parameters_are_rejected_with_the_key_and_reason(string source, string parameters, string key)
    {
        var body = JsonDocument.Parse($$"""{"config_params": {{parameters}}}""").RootElement;

        var problem = await ProblemAssert.IsProblemAsync(
            await _admin.PatchAsJsonAsync($"{Path}/{source}", body), HttpStatusCode.BadRequest);

        Assert.Contains($"'{key}'", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        var unchanged = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/{source}");
        Assert.False(unchanged.GetProperty("config_params").TryGetProperty("color", out _));
    }

    [Fact]
    public async Task External_providers_must_sign_by_default_and_an_admin_may_turn_it_off()
    {
        var seeded = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/external_kafka");
        Assert.True(seeded.GetProperty("config_params").GetProperty("require_signature").GetBoolean());

        var off = await _admin.PatchAsJsonAsync($"{Path}/external_kafka", new { config_params = new { require_signature = false } });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var changed = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/external_kafka");
        Assert.False(changed.GetProperty("config_params").GetProperty("require_signature").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await _admin.PatchAsJsonAsync($"{Path}/external_kafka", new { config_params = new { require_signature = true } })).StatusCode);
    }

    [Fact]
    public async Task Source_changes_are_audited()
    {
        await _admin.PatchAsJsonAsync($"{Path}/internal_kafka", new { config_params = new { topic = "network-traffic-v2" } });
        await _admin.PatchAsJsonAsync($"{Path}/internal_kafka", new { config_params = new { topic = "network-traffic" } });

        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand(
            "SELECT before->'config_params'->>'topic', after->'config_params'->>'topic', actor FROM audit_log " +
            "WHERE entity = 'data_source_config' AND entity_id = 'internal_kafka' ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("network-traffic", "network-traffic-v2", "admin"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("network-traffic-v2", "network-traffic"), (reader.GetString(0), reader.GetString(1)));
    }
}
