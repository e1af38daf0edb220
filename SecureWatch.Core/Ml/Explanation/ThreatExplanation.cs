namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// Why a record was flagged: the stage that decided (<see cref="ExplanationStages"/>), its base value and
/// output, and the features that pushed most toward attack, strongest first. For the GBDT all contributions
/// sum to <c>Output - BaseValue</c> (log-odds); for the anomaly stage to <c>BaseValue - Output</c> (mean path
/// lengths: an ordinary point's, the record's).
/// </summary>
public sealed record ThreatExplanation(string Stage, double BaseValue, double Output, IReadOnlyList<ExplainedFeature> Features);
