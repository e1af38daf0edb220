using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Explanation;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;

namespace SecureWatch.Core.Tests.Pipeline;

public sealed class TrafficExplanationStorageTests
{
    private const string CaptureTopic = "captured-traffic";

    private readonly SyntheticTrafficGenerator _generator = new(seed: 5);

    [Fact]
    public async Task Attack_rows_store_their_explanation_and_normal_rows_store_none()
    {
        await using var harness = await PipelineHarness.StartAsync();
        await harness.EnableAsync(DataSourceNames.PacketCapture);
        var records = Enumerable.Range(0, 60)
            .Select(_ => harness.Record(CaptureTopic, _generator.Next(DataSourceNames.PacketCapture, null, KddFeatureSet.Header28)))
            .ToList();

        var result = await harness.Pipeline.ProcessAsync(records, CancellationToken.None);

        var attacks = 0;
        foreach (var outcome in result.Outcomes)
        {
            Assert.Equal(RecordOutcomeKind.Stored, outcome.Kind);
            var isAttack = await harness.ScalarAsync<bool>("SELECT is_attack FROM traffic_data WHERE id = $1", outcome.TrafficId!.Value);
            var stored = await harness.ScalarAsync<object>("SELECT explanation::text FROM traffic_data WHERE id = $1", outcome.TrafficId!.Value);
            if (!isAttack)
            {
                Assert.Equal(DBNull.Value, stored);
                continue;
            }

            attacks++;
            var explanation = ThreatExplanationJson.Parse((string)stored)!;
            Assert.Contains(explanation.Stage, new[] { ExplanationStages.Gbdt, ExplanationStages.Anomaly });
            Assert.Equal(ThreatExplainer.TopFeatures, explanation.Features.Count);
            Assert.All(explanation.Features, f => Assert.Contains(f.Name, KddFeatureSet.Header28.Names));
            Assert.Equal(explanation.Features.Select(f => f.Contribution).OrderDescending(), explanation.Features.Select(f => f.Contribution));
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse((string)stored).RootElement.ValueKind);
        }

        Assert.InRange(attacks, 1, records.Count - 1);
    }

    [Fact]
    public void A_stored_explanation_reads_back_as_written()
    {
        var explanation = new ThreatExplanation(
            ExplanationStages.Gbdt,
            -1.25,
            3.5,
            [new("serror_rate", 1f, null, 2.5f), new("service", 17f, "private", 0.75f), new("count", 123f, null, -0.125f)]);

        var json = ThreatExplanationJson.Serialize(explanation);
        var read = ThreatExplanationJson.Parse(json)!;

        Assert.Equal(
            """{"stage":"gbdt","base_value":-1.25,"output":3.5,"features":[{"name":"serror_rate","value":1,"contribution":2.5},{"name":"service","value":"private","contribution":0.75},{"name":"count","value":123,"contribution":-0.125}]}""",
            json);
        Assert.Equal(explanation.Stage, read.Stage);
        Assert.Equal(explanation.BaseValue, read.BaseValue);
        Assert.Equal(explanation.Output, read.Output);
        Assert.Equal(["serror_rate", "service", "count"], read.Features.Select(f => f.Name));
        Assert.Equal("private", read.Features[1].Symbol);
        Assert.Null(ThreatExplanationJson.Parse(null));
    }
}
