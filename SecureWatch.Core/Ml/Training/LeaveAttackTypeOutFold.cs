namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// One fold of leave-attack-type-out validation: the attack types removed from training, how many of their
/// records there were, and the share detected by the GBDT alone (at 0.5 and at the chosen threshold) and
/// by the combined detector.
/// </summary>
public sealed record LeaveAttackTypeOutFold(
    IReadOnlyList<string> HeldOutTypes, int Rows, double ClassifierRecallAtHalf, double ClassifierRecall, double CombinedRecall);
