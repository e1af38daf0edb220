namespace SecureWatch.Core.Ml.Explanation;

/// <summary>The deciding stage of a verdict with its base value and output (see <see cref="ThreatExplanation"/>).</summary>
public readonly record struct ThreatAttribution(string Stage, double BaseValue, double Output);
