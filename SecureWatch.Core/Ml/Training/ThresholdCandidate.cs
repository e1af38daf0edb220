namespace SecureWatch.Core.Ml.Training;

/// <summary>One scored row for threshold selection: GBDT log-odds, anomaly score, weight in its group.</summary>
internal readonly record struct ThresholdCandidate(float LogOdds, float AnomalyScore, double Weight);
