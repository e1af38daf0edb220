using System.Security.Cryptography;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Models;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ModelFormatTests
{
    [Fact]
    public void ShippedModelsKeepTheirLeafCoversWithoutChangingTheirVersion()
    {
        foreach (var set in ThreatModelLoader.FeatureSets)
        {
            var models = ThreatModelLoader.LoadEmbedded(set);
            Assert.Equal(ModelHeader.FormatVersion, models.Detector.Header.Format);
            Assert.True(models.Detector.Classifier.HasCovers);
            Assert.True(models.Classifier.Classifier.HasCovers);
            Assert.True(models.Explainer.ExplainsGbdt);

            // model_version hashes the format-1 layout of the draft (empty version), so covers leave it as trained.
            var detector = models.Detector;
            var draftDetector = new ThreatDetectorModel(
                detector.Header with { ModelVersion = "" }, detector.Classifier, detector.Anomaly, detector.Thresholds);
            var draftClassifier = new AttackClassifierModel(models.Classifier.Header with { ModelVersion = "" }, models.Classifier.Classifier);
            using var buffer = new MemoryStream();
            draftDetector.Write(buffer, ModelHeader.FormatWithoutCovers);
            draftClassifier.Write(buffer, ModelHeader.FormatWithoutCovers);
            var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))[..12];
            Assert.Equal($"{set.Name}-gbdt-if-{hash}", models.ModelVersion);
        }
    }

    [Fact]
    public void AFormatOneFileWithoutCoversStillLoadsAndScoresTheSame()
    {
        var set = KddFeatureSet.Header28;
        var shipped = ThreatModelLoader.LoadEmbedded(set);
        using var detector = new MemoryStream();
        using var classifier = new MemoryStream();
        shipped.Detector.Write(detector, ModelHeader.FormatWithoutCovers);
        shipped.Classifier.Write(classifier, ModelHeader.FormatWithoutCovers);
        detector.Position = 0;
        classifier.Position = 0;

        var old = ThreatModelLoader.Load(detector, classifier);

        Assert.Equal(ModelHeader.FormatWithoutCovers, old.Detector.Header.Format);
        Assert.False(old.Detector.Classifier.HasCovers);
        Assert.False(old.Explainer.ExplainsGbdt);
        var row = new float[set.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = i % 3;
        }

        Assert.Equal(
            new ThreatScorer([shipped]).Score(set, row),
            new ThreatScorer([old]).Score(set, row));
    }
}
