using SecureWatch.Core.Features;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ShippedModelsTests
{
    [Fact]
    public void ShippedModelsOfBothFeatureSetsLoadAndAgreeOnTheirVersion()
    {
        var scorer = ThreatModelLoader.LoadEmbedded();

        foreach (var set in ThreatModelLoader.FeatureSets)
        {
            var models = scorer.ModelsFor(set);
            Assert.Equal(set.Count, models.Vectorizer.Width);
            Assert.StartsWith(set.Name + "-", models.ModelVersion, StringComparison.Ordinal);
            Assert.Equal(models.ModelVersion, models.Classifier.Header.ModelVersion);
        }
    }

    [NslKddDataFact]
    public void ShippedModelsScoreTheTrainingFileWellInBothFeatureSets()
    {
        var records = NslKddReader.ReadFile(NslKddData.TrainFile!);
        var scorer = ThreatModelLoader.LoadEmbedded();

        var kdd41 = ThreatModelEvaluator.Evaluate(scorer, KddFeatureSet.Kdd41, records);
        var header28 = ThreatModelEvaluator.Evaluate(scorer, KddFeatureSet.Header28, records);

        Assert.Equal(25_192, kdd41.Metrics.Rows);
        Assert.Empty(kdd41.UnknownLabels);
        Assert.True(kdd41.Metrics.BinaryAccuracy > 0.97, $"kdd41 binary accuracy {kdd41.Metrics.BinaryAccuracy}");
        Assert.True(header28.Metrics.BinaryAccuracy > 0.95, $"header28 binary accuracy {header28.Metrics.BinaryAccuracy}");
        Assert.True(kdd41.Metrics.PerClassRecall["dos"] > 0.97);
    }

    [NslKddDataFact]
    public void BatchedScoringGivesExactlyTheSingleRowPredictions()
    {
        var records = NslKddReader.ReadFile(NslKddData.TrainFile!).Take(2000).ToList();
        var scorer = ThreatModelLoader.LoadEmbedded();
        var set = KddFeatureSet.Kdd41;
        var data = NslKddDataset.Create(records, scorer.ModelsFor(set).Vectorizer, AttackCategoryMap.Default);
        var batch = new Prediction[data.RowCount];

        scorer.ScoreBatch(set, data.Matrix.Values, batch);

        for (var r = 0; r < data.RowCount; r++)
        {
            Assert.Equal(scorer.Score(set, data.Matrix.Row(r)), batch[r]);
        }

        Assert.Contains(batch, p => p.IsAttack && p.Category != AttackCategory.Normal);
        Assert.All(batch, p => Assert.Equal(p.IsAttack, p.Category != AttackCategory.Normal));
    }

    [Fact]
    public void ARecordWithSymbolsNeverSeenInTrainingIsScored()
    {
        var scorer = ThreatModelLoader.LoadEmbedded();
        var models = scorer.ModelsFor(KddFeatureSet.Header28);
        var features = KddFeatureSet.Header28.Names.ToDictionary(n => n, object? (_) => 1);
        features["protocol_type"] = "sctp";
        features["service"] = "quic";
        features["flag"] = "XYZ";
        var row = new float[28];

        models.Vectorizer.Vectorize(features, row);
        var prediction = scorer.Score(KddFeatureSet.Header28, row);

        Assert.InRange(prediction.AttackProbability, 0f, 1f);
        Assert.Equal(models.ModelVersion, prediction.ModelVersion);
    }
}
