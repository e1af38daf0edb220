using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.FunctionsHost;

/// <summary>
/// Kafka trigger invocations shaped exactly as the Functions host sends them to a custom handler: Data.records is a
/// JSON-encoded array of JSON-encoded KafkaEventData strings, header values in base64.
/// </summary>
public sealed class ScoringInvocationTests(CustomHandlerHostFixture fixture) : IClassFixture<CustomHandlerHostFixture>
{
    private const string Topic = "network-traffic";
    private static long _nextOffset = 1_000;

    // Each test needs event ids no other test in this database used.
    private readonly SyntheticTrafficGenerator _generator = new(seed: Random.Shared.Next());

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task Batch_is_scored_stored_and_returned_as_predictions_and_signalr_messages(int size)
    {
        var records = Enumerable.Range(0, size).Select(_ => _generator.Next(DataSourceNames.InternalKafka, null)).ToList();
        var events = records.Select(r => KafkaEvent(Topic, TrafficRecordJson.Serialize(r))).ToList();

        var outputs = (await InvokeAsync("ScoreInternalTraffic", events)).GetProperty("Outputs");

        var predictions = Items(outputs, "predictions");
        Assert.Equal(size, predictions.Count);
        Assert.Empty(Items(outputs, "deadLetters"));
        var firstPrediction = predictions[0];
        Assert.Equal(-1, firstPrediction["Partition"]!.GetValue<int>());
        var value = JsonNode.Parse((string)firstPrediction["Value"]!)!;
        Assert.Equal(PredictionMessage.SchemaName, (string)value["schema"]!);
        Assert.Equal(records[0].EventId.ToString(), (string)value["event_id"]!);
        // Signed like the standalone pipeline's predictions, so a standalone relay on the same topic accepts them.
        var signature = firstPrediction["Headers"]!.AsArray().Single(h => (string)h!["Key"]! == PipelineHeaders.PredictionSignature)!;
        Assert.True(fixture.Host.GetRequiredService<PredictionSigner>().IsGenuine(
            Encoding.UTF8.GetBytes((string)firstPrediction["Value"]!), Encoding.ASCII.GetBytes((string)signature["Value"]!)));
        var signalR = outputs.GetProperty("signalRMessages").EnumerateArray().ToList();
        Assert.Equal(size, signalR.Count(m => m.GetProperty("target").GetString() == LiveTargets.Prediction));
        var attacks = predictions.Count(p => (bool)JsonNode.Parse((string)p["Value"]!)!["is_attack"]!);
        Assert.Equal(attacks, signalR.Count(m => m.GetProperty("target").GetString() == "alert"));
        Assert.Equal(size, await StoredCountAsync(records.Select(r => r.EventId)));
    }

    [Fact]
    public async Task Poison_record_in_a_batch_goes_to_the_dead_letter_output_and_the_rest_is_scored()
    {
        var good = Enumerable.Range(0, 5).Select(_ => _generator.Next(DataSourceNames.InternalKafka, null)).ToList();
        var events = good.Select(r => KafkaEvent(Topic, TrafficRecordJson.Serialize(r))).ToList();
        // "aGVsbG8=" is itself valid base64: the output must still carry it as text, not bytes.
        events.Insert(2, KafkaEvent(Topic, "aGVsbG8=", key: "poison-key", headers: [("trace", "t-1")]));

        var outputs = (await InvokeAsync("ScoreInternalTraffic", events)).GetProperty("Outputs");

        Assert.Equal(5, Items(outputs, "predictions").Count);
        var deadLetter = Assert.Single(Items(outputs, "deadLetters"));
        Assert.Equal("aGVsbG8=", (string)deadLetter["Value"]!);
        Assert.Equal("poison-key", (string)deadLetter["Key"]!);
        var headers = deadLetter["Headers"]!.AsArray().ToDictionary(h => (string)h!["Key"]!, h => (string)h!["Value"]!);
        Assert.Equal("not-json", headers[PipelineHeaders.ErrorReason]);
        Assert.Equal("t-1", headers["trace"]);
        Assert.Equal(Topic, headers[PipelineHeaders.OriginalTopic]);
        Assert.False(string.IsNullOrEmpty(headers[PipelineHeaders.ErrorMessage]));
        Assert.Equal(5, await StoredCountAsync(good.Select(r => r.EventId)));
    }

    [Fact]
    public async Task Same_batch_delivered_twice_is_stored_once()
    {
        var records = Enumerable.Range(0, 8).Select(_ => _generator.Next(DataSourceNames.InternalKafka, null)).ToList();
        var events = records.Select(r => KafkaEvent(Topic, TrafficRecordJson.Serialize(r))).ToList();

        await InvokeAsync("ScoreInternalTraffic", events);
        var second = (await InvokeAsync("ScoreInternalTraffic", events)).GetProperty("Outputs");

        Assert.Equal(8, await StoredCountAsync(records.Select(r => r.EventId)));
        Assert.Empty(Items(second, "deadLetters"));
    }

    [Fact]
    public async Task Invocation_without_kafka_events_is_refused_with_a_reason()
    {
        using var client = fixture.Host.CreateClient(key: null);
        using var content = new StringContent("""{"Data": {"records": "\"not an array\""}, "Metadata": {}}""", Encoding.UTF8, "application/json");

        var problem = await ProblemAssert.IsProblemAsync(await client.PostAsync("/ScoreInternalTraffic", content), HttpStatusCode.BadRequest);
        Assert.Contains("records", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_of_8000_records_gives_a_handful_of_alert_pushes_ending_with_the_final_counters()
    {
        var attacker = $"10.66.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        var pushes = new List<JsonElement>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var batch = 0; batch < 16; batch++)
        {
            var events = Enumerable.Range(0, 500)
                .Select(_ => KafkaEvent(Topic, TrafficRecordJson.Serialize(_generator.NextSynFlood(DataSourceNames.InternalKafka, attacker))))
                .ToList();
            var outputs = (await InvokeAsync("ScoreInternalTraffic", events)).GetProperty("Outputs");
            var mine = AlertPushes(outputs, attacker);
            if (batch == 0)
            {
                Assert.Equal("open", Assert.Single(mine).GetProperty("status").GetString());
            }

            pushes.AddRange(mine);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Assert.InRange(pushes.Count, 1, (int)Math.Ceiling(seconds) + 1);
        // One push per batch is only proof of a missing throttle when the batches came faster than one a second;
        // on a loaded machine a batch can take longer than the throttle interval.
        Assert.True(pushes.Count < 16 || seconds >= 16, $"{pushes.Count} pushes for 16 batches in {seconds:F1} s");

        // The change held back by the throttle goes out with a later invocation once its second is up.
        await Task.Delay(AlertPushThrottle.Interval + TimeSpan.FromMilliseconds(300));
        var later = AlertPushes((await InvokeAsync("ScoreInternalTraffic", [])).GetProperty("Outputs"), attacker);
        var last = later.Concat(pushes).OrderByDescending(p => p.GetProperty("revision").GetInt64()).First();
        Assert.Equal(8000, last.GetProperty("record_count").GetInt64());
        Assert.Single(pushes.Concat(later).Select(p => p.GetProperty("id").GetInt64()).Distinct());
    }

    private static List<JsonElement> AlertPushes(JsonElement outputs, string attacker) =>
        [.. outputs.GetProperty("signalRMessages").EnumerateArray()
            .Where(m => m.GetProperty("target").GetString() == LiveTargets.AlertUpdated)
            .Select(m => m.GetProperty("arguments")[0])
            .Where(a => a.GetProperty("attacker").GetString() == attacker)];

    private static string KafkaEvent(string topic, string value, string? key = null, (string Key, string Value)[]? headers = null)
    {
        var offset = Interlocked.Increment(ref _nextOffset);
        var json = new JsonObject
        {
            ["Offset"] = offset,
            ["Partition"] = 0,
            ["Topic"] = topic,
            ["Timestamp"] = DateTime.UtcNow.ToString("O"),
            ["Value"] = value,
            ["Headers"] = new JsonArray([.. (headers ?? []).Select(h =>
                (JsonNode)new JsonObject { ["Key"] = h.Key, ["Value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(h.Value)) })]),
        };
        if (key is not null)
        {
            json["Key"] = key;
        }

        return json.ToJsonString();
    }

    private async Task<JsonElement> InvokeAsync(string function, IReadOnlyList<string> events)
    {
        // Data.records: the array of event strings, itself encoded as a string, as the host sends it.
        var records = JsonSerializer.Serialize(JsonSerializer.Serialize(events));
        var invocation = "{\"Data\": {\"records\": " + records + "}, \"Metadata\": {\"Topic\": \"" + Topic + "\"}}";
        using var client = fixture.Host.CreateClient(key: null);
        using var content = new StringContent(invocation, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/{function}", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Kafka output items are strings holding KafkaEventData JSON; parse them.</summary>
    private static List<JsonNode> Items(JsonElement outputs, string binding) =>
        [.. outputs.GetProperty(binding).EnumerateArray().Select(i => JsonNode.Parse(i.GetString()!)!)];

    private async Task<long> StoredCountAsync(IEnumerable<Guid> eventIds)
    {
        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM traffic_data WHERE event_id = ANY($1)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = eventIds.ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
