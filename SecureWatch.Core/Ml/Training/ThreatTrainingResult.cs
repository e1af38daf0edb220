using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Ml.Training;

public sealed record ThreatTrainingResult(FeatureSetModels Models, ThreatTrainingReport Report);
