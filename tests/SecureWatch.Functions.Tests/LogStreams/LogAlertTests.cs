using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>Rule matches through Kafka end as stored detections and one alert in the traffic alerts' queue.</summary>
public sealed class LogAlertTests : IAsyncLifetime
{
    private LogStreamsTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await LogStreamsTestBed.StartAsync(["logon"]);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_brute_force_burst_produced_through_kafka_becomes_one_log_streams_alert_with_its_detections()
    {
        var host = _bed.Hosts[0];
        await using var client = await LogHubClient.ConnectAsync(host);
        await LogStreamsTestBed.SubscribeAsync(host, client, ["logon"]);
        for (var i = 1; i <= 8; i++)
        {
            var data = new Dictionary<string, string>
            {
                ["id"] = $"{{BF-{i}}}", ["date"] = $"01/08/2024 10:00:{i:00}", ["user"] = "MAL0001", ["pc"] = "PC-0666", ["activity"] = "Failed Logon",
            };
            await _bed.ProduceAsync("logon", LogStreamsTestBed.Envelope("logon", data, i), key: "MAL0001");
        }

        // The pushed entries carry the match once the threshold is reached.
        var flagged = 0;
        for (var i = 0; i < 8; i++)
        {
            var log = await client.NextLogAsync();
            flagged += log.GetProperty("flags").EnumerateArray().Count(f => f.GetProperty("rule_id").GetString() == "logon-brute-force");
        }

        Assert.True(flagged > 0, "no pushed entry was flagged");

        await using var dataSource = NpgsqlDataSource.Create(_bed.Database.ConnectionString);
        var clock = Stopwatch.StartNew();
        long detections = 0;
        while (clock.Elapsed < LogHubClient.Patience && detections < flagged)
        {
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM log_detections WHERE rule_id = 'logon-brute-force' AND key_value = 'MAL0001'");
            detections = (long)(await count.ExecuteScalarAsync())!;
            await Task.Delay(100);
        }

        Assert.Equal(flagged, detections);
        using var analyst = host.CreateClient(RunningHost.ReaderKey);
        var page = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/alerts?data_source=log_streams");
        var alert = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("MAL0001", alert.GetProperty("attacker").GetString());
        Assert.Equal("r2l", alert.GetProperty("category").GetString());
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Equal(detections, alert.GetProperty("record_count").GetInt64());
        await using var linked = dataSource.CreateCommand("SELECT count(*) FROM log_detections WHERE alert_id = $1 AND envelope->'data'->>'user' = 'MAL0001'");
        linked.Parameters.AddWithValue(alert.GetProperty("id").GetInt64());
        Assert.Equal(detections, (long)(await linked.ExecuteScalarAsync())!);
    }
}
