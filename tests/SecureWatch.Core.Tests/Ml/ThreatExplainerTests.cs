using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Anomaly;
using SecureWatch.Core.Ml.Explanation;
using SecureWatch.Core.Ml.Gbdt;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ThreatExplainerTests
{
    public static TheoryData<string> FeatureSets => ["kdd41", "header28"];

    [NslKddDataTheory]
    [MemberData(nameof(FeatureSets))]
    public void AnAttackIsExplainedByItsFiveStrongestNamedFeaturesFromTheDecidingStage(string setName)
    {
        KddFeatureSet.TryGet(setName, out var set);
        var (models, data) = ShippedRows.Load(set, 3000);
        var scorer = new ThreatScorer([models]);
        var detector = models.Detector;
        var contributions = new double[set.Count];
        var stages = new HashSet<string>();
        var attacks = 0;

        for (var r = 0; r < data.RowCount; r++)
        {
            var row = data.Matrix.Row(r);
            if (!scorer.Score(set, row).IsAttack)
            {
                continue;
            }

            attacks++;
            var explanation = models.Explainer.Explain(row)!;
            var attribution = models.Explainer.Attribute(row, contributions)!.Value;
            stages.Add(explanation.Stage);

            var gbdtDecides = detector.SupervisedProbability(detector.Classifier.PredictLogOdds(row)) >=
                detector.AnomalyProbability(detector.Anomaly.Score(row));
            Assert.Equal(gbdtDecides ? ExplanationStages.Gbdt : ExplanationStages.Anomaly, explanation.Stage);
            Assert.Equal(attribution.BaseValue, explanation.BaseValue);
            Assert.Equal(attribution.Output, explanation.Output);

            var expectedTop = Enumerable.Range(0, set.Count)
                .OrderByDescending(f => contributions[f]).ThenBy(f => f).Take(ThreatExplainer.TopFeatures).ToList();
            Assert.Equal(expectedTop.Select(f => set.Names[f]), explanation.Features.Select(f => f.Name));
            Assert.Equal(expectedTop.Select(f => (float)contributions[f]), explanation.Features.Select(f => f.Contribution));
            foreach (var feature in explanation.Features)
            {
                var column = set.Names.ToList().IndexOf(feature.Name);
                Assert.Equal(row[column], feature.Value);
                Assert.Equal(KddFeatureSet.SymbolicNames.Contains(feature.Name), feature.Symbol is not null);
            }
        }

        Assert.True(attacks > 500, $"only {attacks} attacks among the rows");
        Assert.Contains(ExplanationStages.Gbdt, stages);
    }

    [NslKddDataFact]
    public void TheAnomalyStageExplainsWhatIsolatedTheRecordAndSumsToThePathLengthSaved()
    {
        var (models, data) = ShippedRows.Load(KddFeatureSet.Kdd41, 3000);
        var contributions = new double[KddFeatureSet.Kdd41.Count];
        var explained = 0;
        foreach (var forest in models.Detector.Anomaly.Forests)
        {
            for (var r = 0; r < data.RowCount; r += 7)
            {
                var row = data.Matrix.Row(r);
                Array.Clear(contributions);

                var meanPath = IsolationPathAttribution.Explain(forest, row, contributions);

                // The attribution walks the same paths scoring does, and distributes exactly the path length saved.
                Assert.Equal(forest.Score(row), MathF.Pow(2f, (float)(-meanPath / forest.AveragePathOfSample)), 1e-4f);
                Assert.Equal(forest.AveragePathOfSample - meanPath, contributions.Sum(), 1e-4);
                explained++;
            }
        }

        Assert.True(explained > 400);
    }

    [Fact]
    public void AFeatureOnlyTheOutlierHasIsCreditedWithIsolatingIt()
    {
        var random = new Random(7);
        var rows = new float[2000 * 3];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)random.NextDouble();
        }

        var normals = new TrainingMatrix(rows, 3, [0, 0, 0]);
        var forest = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 100, Seed = 3 });
        var contributions = new double[3];

        IsolationPathAttribution.Explain(forest, [0.5f, 40f, 0.5f], contributions);

        Assert.True(contributions[1] > 0, $"the outlying column got {contributions[1]}");
        // Splits on the ordinary columns along the short path share the credit too, but less of it.
        Assert.True(contributions[1] > 1.5 * Math.Max(contributions[0], contributions[2]), string.Join(", ", contributions));
    }

    [Fact]
    public void ExplainingARecordAllocatesOnlyTheStoredResult()
    {
        var models = ThreatModelLoader.LoadEmbedded(KddFeatureSet.Header28);
        var row = new float[KddFeatureSet.Header28.Count];
        row[^1] = 1;
        models.Explainer.Explain(row);

        const int Rounds = 200;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            models.Explainer.Explain(row);
        }

        var perRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;

        // ThreatExplanation (48 B) + five ExplainedFeature structs in one array (~184 B); nothing else.
        Assert.True(perRecord <= 256, $"{perRecord} B per record");
    }
}
