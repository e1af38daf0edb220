namespace SecureWatch.Core.Ml.Training;

/// <summary>Result of scoring a labelled file: metrics over records with known labels, and the unknown labels.</summary>
public sealed record ThreatModelEvaluation(
    string FeatureSet, string ModelVersion, int TotalRows, ClassificationMetrics Metrics, IReadOnlyDictionary<string, int> UnknownLabels);
