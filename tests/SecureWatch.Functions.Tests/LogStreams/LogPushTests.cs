using System.Net.Http.Json;
using System.Text.Json;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>Standalone push: a real .NET SignalR client subscribed to topics through the HTTP API.</summary>
public sealed class LogPushTests : IAsyncLifetime
{
    private static readonly string[] Topics = ["logon", "http", "device"];
    private LogStreamsTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await LogStreamsTestBed.StartAsync(Topics);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Subscribed_client_receives_every_message_of_its_topics_intact_and_nothing_else_until_it_unsubscribes()
    {
        var host = _bed.Hosts[0];
        await using var client = await LogHubClient.ConnectAsync(host);
        await LogStreamsTestBed.SubscribeAsync(host, client, ["logon", "http"]);

        var sent = new Dictionary<string, string>();
        for (var i = 1; i <= 30; i++)
        {
            var topic = Topics[i % 3];
            var value = LogStreamsTestBed.Envelope(topic, new Dictionary<string, string> { ["id"] = $"{{X{i}}}", ["user"] = $"u{i}", ["pc"] = "PC-1" }, i);
            await _bed.ProduceAsync(topic, value);
            if (topic != "device")
            {
                sent[$"{topic}/{i}"] = value;
            }
        }

        var received = new Dictionary<string, JsonElement>();
        while (received.Count < sent.Count)
        {
            var log = await client.NextLogAsync();
            var topic = log.GetProperty("topic").GetString()!;
            Assert.NotEqual("device", topic);
            var envelope = log.GetProperty("envelope");
            received[$"{topic}/{envelope.GetProperty("total_records_sent").GetString()}"] = log;
        }

        foreach (var (id, value) in sent)
        {
            var log = received[id];
            Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(value).RootElement, log.GetProperty("envelope")), id);
            Assert.True(log.GetProperty("offset").GetInt64() >= 0);
            Assert.True(log.GetProperty("partition").GetInt32() >= 0);
            Assert.Equal(JsonValueKind.Array, log.GetProperty("flags").ValueKind);
            Assert.True(log.TryGetProperty("received_at", out _));
        }

        // A device message produced last arrives at no one: had device been pushed, it would precede this check.
        await LogStreamsTestBed.SubscribeAsync(host, client, ["logon", "http"], HttpMethod.Delete);
        await _bed.ProduceAsync("logon", LogStreamsTestBed.Envelope("logon", new Dictionary<string, string> { ["user"] = "late" }, 99));
        await Task.Delay(1500);
        Assert.Empty(client.DrainLogs());
    }

    [Fact]
    public async Task Subscribing_to_a_topic_that_is_not_configured_is_a_problem()
    {
        var host = _bed.Hosts[0];
        await using var client = await LogHubClient.ConnectAsync(host);
        using var reader = host.CreateClient(RunningHost.ReaderKey);
        var response = await reader.PostAsJsonAsync("/api/v1/logs/subscriptions", new { connection_id = client.ConnectionId, topics = new[] { "netflow" } });
        var problem = await Infrastructure.ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("netflow", problem.ToString(), StringComparison.Ordinal);

        var unknown = await reader.PostAsJsonAsync("/api/v1/logs/subscriptions", new { connection_id = "no-such-connection", topics = new[] { "logon" } });
        await Infrastructure.ProblemAssert.IsProblemAsync(unknown, System.Net.HttpStatusCode.NotFound);
    }
}
