using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Explanation;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Ml.Scoring;

/// <summary>The detector and classifier of one feature set, trained together and sharing one vocabulary.</summary>
public sealed class FeatureSetModels
{
    public FeatureSetModels(ThreatDetectorModel detector, AttackClassifierModel classifier)
    {
        if (detector.Header.FeatureSet != classifier.Header.FeatureSet)
        {
            throw new ArgumentException("Detector and classifier belong to different feature sets.", nameof(classifier));
        }

        if (detector.Header.ModelVersion != classifier.Header.ModelVersion)
        {
            throw new ArgumentException(
                $"Detector {detector.Header.ModelVersion} and classifier {classifier.Header.ModelVersion} were not trained together.",
                nameof(classifier));
        }

        for (var i = 0; i < detector.Header.Vocabularies.Count; i++)
        {
            var a = detector.Header.Vocabularies[i];
            var b = classifier.Header.Vocabularies[i];
            if ((a is null) != (b is null) || (a is not null && !a.SequenceEqual(b!)))
            {
                throw new ArgumentException("Detector and classifier encode symbolic features differently.", nameof(classifier));
            }
        }

        Detector = detector;
        Classifier = classifier;
        Vectorizer = new FeatureVectorizer(detector.Header.FeatureSet, detector.Header.Vocabularies);
        Explainer = new ThreatExplainer(detector, Vectorizer);
    }

    public KddFeatureSet FeatureSet => Detector.Header.FeatureSet;

    public string ModelVersion => Detector.Header.ModelVersion;

    public ThreatDetectorModel Detector { get; }

    public AttackClassifierModel Classifier { get; }

    public FeatureVectorizer Vectorizer { get; }

    /// <summary>Why the detector flagged a row (for attacks; normal rows are never explained).</summary>
    public ThreatExplainer Explainer { get; }
}
