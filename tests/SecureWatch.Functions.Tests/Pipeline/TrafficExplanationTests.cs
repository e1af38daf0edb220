using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Tests.Infrastructure;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

public sealed class TrafficExplanationTests
{
    // Real NSL-KDD rows: a neptune SYN flood and an ordinary http connection.
    private const string SynFlood =
        "0,tcp,private,S0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,123,6,1.00,1.00,0.00,0.00,0.05,0.07,0.00,255,26,0.10,0.05,0.00,0.00,1.00,1.00,0.00,0.00";

    private const string Browsing =
        "0,tcp,http,SF,232,8153,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,5,5,0.20,0.20,0.00,0.00,1.00,0.00,0.00,30,255,1.00,0.00,0.03,0.04,0.03,0.01,0.00,0.01";

    [Fact]
    public async Task An_attack_stored_by_the_pipeline_is_returned_with_why_it_was_flagged_and_a_normal_record_without()
    {
        await using var bed = await StartAsync();
        await WaitUntilAsync(async () => (await bed.ConsumedSourcesAsync()).Contains(DataSourceNames.InternalKafka), "the internal consumer");
        var attack = Record(SynFlood);
        var normal = Record(Browsing);
        bed.Produce(InternalTopic, TrafficRecordJson.SerializeToUtf8Bytes(attack));
        bed.Produce(InternalTopic, TrafficRecordJson.SerializeToUtf8Bytes(normal));
        bed.Flush();
        await WaitUntilAsync(async () => await bed.CountAsync() == 2, "two stored rows");

        using var client = bed.Host.CreateClient(RunningHost.ReaderKey);
        var flagged = await GetByEventAsync(bed, client, attack.EventId);
        var ordinary = await GetByEventAsync(bed, client, normal.EventId);

        Assert.True(flagged.GetProperty("prediction").GetProperty("is_attack").GetBoolean());
        Assert.False(ordinary.GetProperty("prediction").GetProperty("is_attack").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ordinary.GetProperty("explanation").ValueKind);

        // What the API returns is what the shipped models explain for the same row.
        var models = ThreatModelLoader.LoadEmbedded(KddFeatureSet.Kdd41);
        var row = new float[KddFeatureSet.Kdd41.Count];
        models.Vectorizer.VectorizeKdd41(SynFlood.Split(','), row);
        var expected = models.Explainer.Explain(row)!;
        var explanation = flagged.GetProperty("explanation");
        Assert.Equal(expected.Stage, explanation.GetProperty("stage").GetString());
        Assert.Equal(expected.BaseValue, explanation.GetProperty("base_value").GetDouble(), 1e-6);
        Assert.Equal(expected.Output, explanation.GetProperty("output").GetDouble(), 1e-6);
        var features = explanation.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(5, features.Count);
        Assert.Equal(expected.Features.Select(f => f.Name), features.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(
            expected.Features.Select(f => f.Contribution),
            features.Select(f => f.GetProperty("contribution").GetSingle()));
        foreach (var (feature, json) in expected.Features.Zip(features))
        {
            var value = json.GetProperty("value");
            if (feature.Symbol is { } symbol)
            {
                Assert.Equal(symbol, value.GetString());
            }
            else
            {
                Assert.Equal(feature.Value, value.GetSingle());
            }
        }
    }

    private static TrafficRecord Record(string kdd41) => SyntheticTrafficGenerator.FromFields(
        kdd41.Split(','),
        KddFeatureSet.Kdd41,
        DataSourceNames.InternalKafka,
        null,
        new TrafficFlow("10.0.0.5", "192.168.1.9", 40000, 80, "tcp"),
        Guid.NewGuid(),
        DateTimeOffset.UtcNow);

    private static async Task<JsonElement> GetByEventAsync(PipelineTestBed bed, HttpClient client, Guid eventId)
    {
        var id = await bed.CountAsync($"SELECT id FROM traffic_data WHERE event_id = '{eventId}'");
        var response = await client.GetAsync($"/api/v1/traffic/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
