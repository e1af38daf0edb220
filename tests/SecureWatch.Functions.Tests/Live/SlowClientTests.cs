using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>A client that stops reading loses its own messages only; every other client still gets every prediction.</summary>
public sealed class SlowClientTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    private const int Predictions = 20_000;

    // The rate the live path is designed for; a stalled client's socket buffers fill within the first seconds.
    private const int PerSecond = 5_000;

    [Fact]
    public async Task A_client_that_never_reads_costs_the_others_nothing_and_its_drops_are_counted()
    {
        var apiUrl = LiveKafka.ApiUrl(fixture.Host);
        await using var normal = await SignalRNodeClient.ConnectAsync(apiUrl, RunningHost.ReaderKey);
        await using var stalled = await StalledHubClient.ConnectAsync(LiveKafka.HubUrl(fixture.Host), StalledNegotiation(apiUrl));
        var relayBefore = await LiveKafka.WaitForRelayAsync(fixture.Host);
        var sent = Enumerable.Range(1, Predictions).Select(i => LiveKafka.Prediction(trafficId: 10_000 + i, isAttack: false)).ToList();

        LiveKafka.ProduceMany(fixture.Producer, sent, PerSecond);

        var received = new HashSet<Guid>();
        try
        {
            while (received.Count < sent.Count)
            {
                received.Add((await normal.WaitForAsync(LiveTargets.Prediction, _ => true)).GetProperty("event_id").GetGuid());
            }
        }
        catch (TimeoutException)
        {
            using var http = fixture.Host.CreateClient(RunningHost.ReaderKey);
            Assert.Fail($"the normal client received {received.Count} of {sent.Count}: {await (await http.GetAsync("/api/v1/health")).Content.ReadAsStringAsync()}");
        }

        Assert.Equal(sent.Select(m => m.EventId).ToHashSet(), received);
        var relay = await LiveKafka.WaitForRelayAsync(fixture.Host, r => r.GetProperty("client_dropped").GetInt64() > 0, "drops for the stalled client");
        Assert.Equal(relayBefore.GetProperty("dropped").GetInt64(), relay.GetProperty("dropped").GetInt64());
        var slow = Assert.Single(relay.GetProperty("slow_clients").EnumerateArray());
        Assert.Equal(stalled.ConnectionId, slow.GetProperty("connection_id").GetString());
        Assert.Equal(relay.GetProperty("client_dropped").GetInt64(), slow.GetProperty("dropped").GetInt64());
        Assert.Equal(2, relay.GetProperty("connections").GetInt32());
    }

    private static Func<Task<(string, string, string)>> StalledNegotiation(Uri apiUrl) => async () =>
    {
        var (hubUrl, token) = await StalledHubClient.AccessTokenAsync(apiUrl, RunningHost.ReaderKey);
        var (connectionToken, id) = await StalledHubClient.NegotiateAsync(hubUrl, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });
        return (connectionToken, id, "&access_token=" + Uri.EscapeDataString(token));
    };
}
