using System.Diagnostics;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>Logs:MaxPushPerSecond per topic, and the logStats counts that say what was not pushed.</summary>
public sealed class LogThrottleTests : IAsyncLifetime
{
    private const int Limit = 20;
    private LogStreamsTestBed _bed = null!;

    public async Task InitializeAsync() =>
        _bed = await LogStreamsTestBed.StartAsync(["http"], settings: new Dictionary<string, string?> { ["Logs:MaxPushPerSecond"] = $"{Limit}" });

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_burst_is_pushed_up_to_the_limit_per_second_and_log_stats_account_for_every_message()
    {
        var host = _bed.Hosts[0];
        await using var client = await LogHubClient.ConnectAsync(host);
        await LogStreamsTestBed.SubscribeAsync(host, client, ["http"]);
        const int Burst = 300;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Burst; i++)
        {
            _bed.Producer.Produce("http", new Confluent.Kafka.Message<string, string>
            {
                Key = $"{i}",
                Value = i % 50 == 49 ? "{broken" : LogStreamsTestBed.Envelope("http", new Dictionary<string, string> { ["url"] = $"http://example.com/{i}" }, i),
            });
        }

        _bed.Producer.Flush(TimeSpan.FromSeconds(30));
        long received = 0, pushed = 0, skipped = 0, invalid = 0;
        using var timeout = new CancellationTokenSource(LogHubClient.Patience);
        while (received < Burst)
        {
            var stats = await client.Stats.Reader.ReadAsync(timeout.Token);
            var http = stats.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "http");
            received += http.GetProperty("received").GetInt64();
            pushed += http.GetProperty("pushed").GetInt64();
            skipped += http.GetProperty("skipped").GetInt64();
            invalid += http.GetProperty("invalid").GetInt64();
            Assert.Equal(http.GetProperty("received_total").GetInt64(), received);
        }

        var seconds = Math.Ceiling(clock.Elapsed.TotalSeconds) + 1;
        Assert.Equal(Burst, received);
        Assert.Equal(6, invalid);
        Assert.Equal(received, pushed + skipped + invalid);
        Assert.True(skipped > 0, "a burst of 300 in a few seconds exceeds 20 per second");
        Assert.True(pushed <= Limit * seconds, $"{pushed} pushed in about {seconds} s");

        await Task.Delay(500);
        Assert.Equal(pushed, client.DrainLogs().Count);
    }
}
