using System.Reflection;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Ml.Scoring;

/// <summary>
/// The one place models are loaded from: the copies embedded in SecureWatch.Core (the shipped models), or a
/// directory written by the train command. Files are named <c>{feature set}-threat-detector.swm</c> and
/// <c>{feature set}-attack-classifier.swm</c>.
/// </summary>
public static class ThreatModelLoader
{
    private const string ResourcePrefix = "SecureWatch.Core.Ml.Models.";

    public static IReadOnlyList<KddFeatureSet> FeatureSets { get; } = [KddFeatureSet.Kdd41, KddFeatureSet.Header28];

    public static string DetectorFileName(KddFeatureSet set) => $"{set.Name}-threat-detector.swm";

    public static string ClassifierFileName(KddFeatureSet set) => $"{set.Name}-attack-classifier.swm";

    /// <summary>Loads the shipped models of both feature sets.</summary>
    public static ThreatScorer LoadEmbedded() => new(FeatureSets.Select(LoadEmbedded));

    public static FeatureSetModels LoadEmbedded(KddFeatureSet set)
    {
        var assembly = typeof(ThreatModelLoader).Assembly;
        using var detector = OpenResource(assembly, DetectorFileName(set));
        using var classifier = OpenResource(assembly, ClassifierFileName(set));
        return Load(detector, classifier);
    }

    /// <summary>Loads every feature set whose two files are present in <paramref name="directory"/>.</summary>
    public static ThreatScorer LoadDirectory(string directory)
    {
        var models = FeatureSets
            .Where(set => File.Exists(Path.Combine(directory, DetectorFileName(set))) &&
                File.Exists(Path.Combine(directory, ClassifierFileName(set))))
            .Select(set => LoadDirectory(directory, set))
            .ToList();
        return models.Count > 0
            ? new ThreatScorer(models)
            : throw new FileNotFoundException($"No SecureWatch models (*.swm) in {directory}.");
    }

    public static FeatureSetModels LoadDirectory(string directory, KddFeatureSet set)
    {
        using var detector = File.OpenRead(Path.Combine(directory, DetectorFileName(set)));
        using var classifier = File.OpenRead(Path.Combine(directory, ClassifierFileName(set)));
        return Load(detector, classifier);
    }

    public static FeatureSetModels Load(Stream detector, Stream classifier) =>
        new(ThreatDetectorModel.Read(detector), AttackClassifierModel.Read(classifier));

    /// <summary>Writes both files of one feature set into <paramref name="directory"/>.</summary>
    public static void Save(FeatureSetModels models, string directory)
    {
        Directory.CreateDirectory(directory);
        using (var detector = File.Create(Path.Combine(directory, DetectorFileName(models.FeatureSet))))
        {
            models.Detector.Write(detector);
        }

        using var classifier = File.Create(Path.Combine(directory, ClassifierFileName(models.FeatureSet)));
        models.Classifier.Write(classifier);
    }

    private static Stream OpenResource(Assembly assembly, string fileName) =>
        assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new FileNotFoundException($"The shipped model {fileName} is not embedded in {assembly.GetName().Name}.");
}
