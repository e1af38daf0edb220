using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Anomaly;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Gbdt;
using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ModelFileTests
{
    private static readonly GbdtOptions Small = new() { Rounds = 40, MaxLeaves = 8, MinDataInLeaf = 5, RowSubsample = 0.7, FeatureSubsample = 0.7 };

    [Fact]
    public void SameSeedGivesByteIdenticalModelsAndAnotherSeedDoesNot()
    {
        var (train, labels) = SyntheticData.Xor(1500, seed: 21);

        var first = ModelBytes.Of(GbdtTrainer.Train(train, labels, Small with { Seed = 7 }).Model);
        var second = ModelBytes.Of(GbdtTrainer.Train(train, labels, Small with { Seed = 7 }).Model);
        var other = ModelBytes.Of(GbdtTrainer.Train(train, labels, Small with { Seed = 8 }).Model);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void GbdtModelSurvivesARoundTripWithIdenticalPredictions()
    {
        var (train, labels) = SyntheticData.CategorySubset(1000, seed: 22);
        var model = GbdtTrainer.Train(train, labels, Small).Model;

        var bytes = ModelBytes.Of(model);
        var reloaded = ModelBytes.Read(bytes);

        Assert.Equal(bytes, ModelBytes.Of(reloaded));
        for (var r = 0; r < train.RowCount; r += 13)
        {
            Assert.Equal(model.PredictLogOdds(train.Row(r)), reloaded.PredictLogOdds(train.Row(r)));
        }
    }

    [Fact]
    public void DetectorFileRoundTripsHeaderThresholdsForestAndScores()
    {
        var detector = TinyDetector();
        using var stream = new MemoryStream();
        detector.Write(stream);
        var bytes = stream.ToArray();

        var reloaded = ThreatDetectorModel.Read(new MemoryStream(bytes));

        Assert.Equal("test-version", reloaded.Header.ModelVersion);
        Assert.Same(KddFeatureSet.Header28, reloaded.Header.FeatureSet);
        Assert.Equal(detector.Thresholds, reloaded.Thresholds);
        Assert.Equal(["icmp", "tcp", "udp"], reloaded.Header.Vocabularies[1]!.Values);
        var row = new float[28];
        row[4] = 123;
        Assert.Equal(detector.AttackProbability(row), reloaded.AttackProbability(row));
        using var again = new MemoryStream();
        reloaded.Write(again);
        Assert.Equal(bytes, again.ToArray());
    }

    [Fact]
    public void CorruptOrForeignFilesAreRejectedWithAClearError()
    {
        using var stream = new MemoryStream();
        TinyDetector().Write(stream);
        var bytes = stream.ToArray();

        Assert.Throws<InvalidDataException>(() => ThreatDetectorModel.Read(new MemoryStream("NOPE0000"u8.ToArray())));
        Assert.Throws<InvalidDataException>(() => AttackClassifierModel.Read(new MemoryStream(bytes)));
        Assert.ThrowsAny<Exception>(() => ThreatDetectorModel.Read(new MemoryStream(bytes[..(bytes.Length / 2)])));
    }

    private static ThreatDetectorModel TinyDetector()
    {
        var set = KddFeatureSet.Header28;
        var random = new Random(23);
        var values = new float[400 * set.Count];
        var labels = new int[400];
        var categoryCounts = new int[set.Count];
        var vocabularies = new CategoricalVocabulary?[set.Count];
        for (var c = 0; c < set.Count; c++)
        {
            if (KddFeatureSet.SymbolicNames.Contains(set.Names[c]))
            {
                vocabularies[c] = new CategoricalVocabulary(c == 1 ? ["icmp", "tcp", "udp"] : ["a", "b"]);
                categoryCounts[c] = vocabularies[c]!.Count;
            }
        }

        for (var r = 0; r < 400; r++)
        {
            for (var c = 0; c < set.Count; c++)
            {
                values[(r * set.Count) + c] = categoryCounts[c] > 0 ? random.Next(categoryCounts[c]) : random.NextSingle() * 100;
            }

            labels[r] = values[(r * set.Count) + 4] > 50 ? 1 : 0;
        }

        var matrix = new TrainingMatrix(values, set.Count, categoryCounts);
        var gbdt = GbdtTrainer.Train(matrix, labels, Small).Model;
        var forest = IsolationForestTrainer.Train(matrix, new IsolationForestOptions { Trees = 10, SampleSize = 64 });
        var header = new ModelHeader(ModelKind.ThreatDetector, "test-version", set, vocabularies);
        return new ThreatDetectorModel(header, gbdt, new AnomalyDetector([forest]), new ThreatThresholds(0.3f, 0.7f, 0.02f));
    }
}
