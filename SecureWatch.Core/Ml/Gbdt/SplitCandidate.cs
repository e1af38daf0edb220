namespace SecureWatch.Core.Ml.Gbdt;

internal sealed record SplitCandidate(int Feature, double Gain, int ThresholdBin, bool[]? CategoryMask);
