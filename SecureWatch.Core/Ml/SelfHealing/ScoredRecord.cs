using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Ml.SelfHealing;

/// <summary>A scored record with where it came from: the data source, the sending provider, the traffic's source address.</summary>
public sealed record ScoredRecord(Prediction Prediction, string DataSource, string Sender, string? SourceAddress);
