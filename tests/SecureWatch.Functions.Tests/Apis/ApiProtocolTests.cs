using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>Authentication, roles and request-level errors, all answered as problem+json.</summary>
public sealed class ApiProtocolTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Whitelist = "/api/v1/config/whitelist";

    [Theory]
    [InlineData("GET", Whitelist)]
    [InlineData("GET", "/api/v1/config/sources")]
    [InlineData("POST", Whitelist)]
    [InlineData("PATCH", "/api/v1/config/sources/internal_kafka")]
    public async Task Missing_key_is_unauthorized(string method, string path)
    {
        using var anonymous = fixture.Host.CreateClient(key: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };

        var problem = await ProblemAssert.IsProblemAsync(await anonymous.SendAsync(request), HttpStatusCode.Unauthorized);
        Assert.Contains("x-functions-key", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_key_is_unauthorized()
    {
        using var client = fixture.Host.CreateClient("not-a-key");
        await ProblemAssert.IsProblemAsync(await client.GetAsync(Whitelist), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reader_may_read_but_not_change()
    {
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Whitelist)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/config/sources/packet_capture")).StatusCode);
        await ProblemAssert.IsProblemAsync(
            await reader.PostAsJsonAsync(Whitelist, new { ip_address = "192.0.2.1" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await reader.PatchAsJsonAsync("/api/v1/config/sources/internal_kafka", new { is_enabled = false }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await reader.DeleteAsync($"{Whitelist}/1"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Body_over_64_KiB_is_too_large()
    {
        using var admin = fixture.Host.CreateClient();
        var description = new string('a', 70 * 1024);

        var problem = await ProblemAssert.IsProblemAsync(
            await admin.PostAsJsonAsync(Whitelist, new { ip_address = "192.0.2.2", description }), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("64 KiB", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_json_body_is_unsupported_media_type()
    {
        using var admin = fixture.Host.CreateClient();
        using var content = new StringContent("ip_address=192.0.2.3", Encoding.UTF8, "application/x-www-form-urlencoded");

        await ProblemAssert.IsProblemAsync(await admin.PostAsync(Whitelist, content), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{\"ip_address\": ")]
    [InlineData("{\"ip_adress\": \"192.0.2.4\"}")]
    [InlineData("{\"ip_address\": 3232235524}")]
    [InlineData("{\"ip_address\": \"198.51.100.9\", \"ip_address\": \"0.0.0.0/0\"}")]
    [InlineData("{\"IP_ADDRESS\": \"198.51.100.9\"}")]
    [InlineData("{\"ip_address\": \"198.51.100.9\", \"Is_Active\": false}")]
    public async Task Malformed_or_unknown_fields_are_bad_requests_with_a_reason(string json)
    {
        using var admin = fixture.Host.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var problem = await ProblemAssert.IsProblemAsync(await admin.PostAsync(Whitelist, content), HttpStatusCode.BadRequest);
        Assert.StartsWith("invalid JSON body", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"is_enabled\": true, \"is_enabled\": false}")]
    [InlineData("{\"IS_ENABLED\": false}")]
    [InlineData("{\"config_params\": {\"interface\": \"lo\", \"interface\": \"eth0\"}}")]
    public async Task Duplicate_or_wrong_case_fields_in_a_source_patch_are_bad_requests(string json)
    {
        using var admin = fixture.Host.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var problem = await ProblemAssert.IsProblemAsync(
            await admin.PatchAsync("/api/v1/config/sources/packet_capture", content), HttpStatusCode.BadRequest);
        Assert.StartsWith("invalid JSON body", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_not_found()
    {
        using var admin = fixture.Host.CreateClient();
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Anonymous_health_says_only_up_or_down(string? key)
    {
        using var anonymous = fixture.Host.CreateClient(key);

        var response = await anonymous.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        var property = Assert.Single(health.EnumerateObject());
        Assert.Equal("status", property.Name);
        Assert.Equal("up", property.Value.GetString());
    }

    [Theory]
    [InlineData(RunningHost.ReaderKey)]
    [InlineData(RunningHost.AdminKey)]
    public async Task Health_details_need_a_key(string key)
    {
        using var reader = fixture.Host.CreateClient(key);

        var response = await reader.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("up", health.GetProperty("status").GetString());
        Assert.Equal("up", health.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("loaded", health.GetProperty("whitelist").GetProperty("status").GetString());
        Assert.True(health.GetProperty("kafka").TryGetProperty("bootstrap", out _));
    }
}
