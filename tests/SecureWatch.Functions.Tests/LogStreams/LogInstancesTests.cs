namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>Two instances on one cluster and database: each pushes every message to its own subscribers.</summary>
public sealed class LogInstancesTests : IAsyncLifetime
{
    private LogStreamsTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await LogStreamsTestBed.StartAsync(["logon"], hosts: 2);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Each_instance_delivers_every_message_to_its_own_clients()
    {
        await using var first = await LogHubClient.ConnectAsync(_bed.Hosts[0]);
        await using var second = await LogHubClient.ConnectAsync(_bed.Hosts[1]);
        await LogStreamsTestBed.SubscribeAsync(_bed.Hosts[0], first, ["logon"]);
        await LogStreamsTestBed.SubscribeAsync(_bed.Hosts[1], second, ["logon"]);

        const int Count = 20;
        for (var i = 1; i <= Count; i++)
        {
            await _bed.ProduceAsync("logon", LogStreamsTestBed.Envelope("logon", new Dictionary<string, string> { ["user"] = $"u{i}" }, i), key: $"{i}");
        }

        foreach (var client in new[] { first, second })
        {
            var seen = new HashSet<string>();
            while (seen.Count < Count)
            {
                var log = await client.NextLogAsync();
                seen.Add(log.GetProperty("envelope").GetProperty("total_records_sent").GetString()!);
            }
        }

        // A connection of one instance is unknown to the other.
        using var reader = _bed.Hosts[1].CreateClient(RunningHost.ReaderKey);
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(
            reader, "/api/v1/logs/subscriptions", new { connection_id = first.ConnectionId, topics = new[] { "logon" } });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
