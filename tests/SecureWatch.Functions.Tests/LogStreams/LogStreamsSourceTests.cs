using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>The log_streams source through the existing sources API: seeded off with the seven topics, validated topics.</summary>
public sealed class LogStreamsSourceTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Path = "/api/v1/config/sources/log_streams";

    private readonly HttpClient _admin = fixture.Host.CreateClient();

    [Fact]
    public async Task Log_streams_is_seeded_disabled_with_the_seven_topics()
    {
        var source = await _admin.GetFromJsonAsync<JsonElement>(Path);
        Assert.False(source.GetProperty("is_enabled").GetBoolean());
        Assert.Equal(
            ["cybersecurity_attacks", "netflow", "device", "hostevent", "http", "logon", "webserver"],
            source.GetProperty("config_params").GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("""{"topics": []}""", "1 to 32")]
    [InlineData("""{"topics": "logon"}""", "array")]
    [InlineData("""{"topics": ["logon", "logon"]}""", "twice")]
    [InlineData("""{"topics": ["bad topic"]}""", "Kafka topic name")]
    [InlineData("""{"topics": ["logon.dlq"]}""", "dead letters")]
    [InlineData("""{"topics": ["predictions"]}""", "predictions")]
    [InlineData("""{"topics": ["network-traffic"]}""", "internal_kafka")]
    [InlineData("""{"topics": [1]}""", "string")]
    [InlineData("""{"topic": "logon"}""", "unknown key")]
    public async Task Invalid_topics_are_refused_naming_the_rule(string configParams, string expected)
    {
        var body = JsonContent.Create(new { config_params = JsonDocument.Parse(configParams).RootElement });
        var response = await _admin.PatchAsync(new Uri(Path, UriKind.Relative), body);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traffic_source_may_not_take_a_log_topic()
    {
        var body = JsonContent.Create(new { config_params = new { topic = "logon" } });
        var response = await _admin.PatchAsync(new Uri("/api/v1/config/sources/external_kafka", UriKind.Relative), body);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("log_streams", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }
}
