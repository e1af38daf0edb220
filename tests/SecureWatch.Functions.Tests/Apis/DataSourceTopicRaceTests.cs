using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>
/// No two sources share a topic even when two admins claim one at the same moment: the database decides, not a check
/// each request made before the other wrote. Its own host, because the rounds leave topics changed.
/// </summary>
public sealed class DataSourceTopicRaceTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Path = "/api/v1/config/sources";

    [Fact]
    public async Task Of_two_concurrent_patches_claiming_one_topic_exactly_one_succeeds()
    {
        using var first = fixture.Host.CreateClient();
        using var second = fixture.Host.CreateClient();
        for (var round = 0; round < 12; round++)
        {
            var topic = $"race-{round}";
            var responses = await Task.WhenAll(
                first.PatchAsJsonAsync($"{Path}/external_kafka", new { config_params = new { topic } }),
                second.PatchAsJsonAsync($"{Path}/packet_capture", new { config_params = new { topic } }));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
            Assert.Contains(loser.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict });
            var problem = await ProblemAssert.IsProblemAsync(loser, loser.StatusCode);
            Assert.Contains($"'{topic}'", problem.ToString(), StringComparison.Ordinal);
        }

        var sources = await first.GetFromJsonAsync<JsonElement>(Path);
        var topics = sources.EnumerateArray().Where(s => s.GetProperty("config_params").TryGetProperty("topic", out _)).Select(s => s.GetProperty("config_params").GetProperty("topic").GetString()).ToList();
        Assert.Equal(topics.Count, topics.Distinct(StringComparer.Ordinal).Count());
    }
}
