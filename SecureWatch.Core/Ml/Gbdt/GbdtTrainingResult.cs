namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>A trained model with the round kept by early stopping and its validation loss (NaN without validation).</summary>
public sealed record GbdtTrainingResult(GbdtModel Model, int BestRound, double ValidationLoss);
