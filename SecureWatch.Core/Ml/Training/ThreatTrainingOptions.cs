using SecureWatch.Core.Ml.Anomaly;
using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// Settings of the threat-model training pipeline. The defaults are the shipped configuration, chosen on
/// splits of the NSL-KDD training subset only.
/// </summary>
public sealed record ThreatTrainingOptions
{
    public ulong Seed { get; init; } = 42;

    /// <summary>Share of each label held out (stratified) for early stopping and threshold choice.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    // Small trees suffice: with the content forest beside it, a deeper or longer detector gained nothing on
    // held-out attack types (leave-attack-type-out accuracy 0.978 either way) and cost four times the scoring time.
    public GbdtOptions Detector { get; init; } = new()
    {
        Objective = GbdtObjective.Binary,
        Rounds = 120,
        LearningRate = 0.2,
        MaxLeaves = 8,
        MaxDepth = 3,
        MinDataInLeaf = 20,
        L2 = 5.0,
        RowSubsample = 0.8,
        FeatureSubsample = 0.7,
        EarlyStoppingRounds = 25,
    };

    public GbdtOptions Classifier { get; init; } = new()
    {
        Objective = GbdtObjective.Multiclass,
        ClassCount = AttackCategoryNames.Count,
        Rounds = 100,
        LearningRate = 0.2,
        MaxLeaves = 8,
        MaxDepth = 4,
        MinDataInLeaf = 5,
        L2 = 5.0,
        RowSubsample = 0.8,
        FeatureSubsample = 0.7,
        EarlyStoppingRounds = 25,
    };

    public IsolationForestOptions Anomaly { get; init; } = new() { Trees = 100, SampleSize = 256 };

    /// <summary>
    /// Also fit a forest over the content columns (hot ... is_guest_login) when the feature set has them:
    /// remote-to-local and user-to-root attacks differ from normal traffic mostly there.
    /// </summary>
    public bool ContentForest { get; init; } = true;

    /// <summary>Attack types with at least this many rows form their own leave-out fold; rarer ones share one.</summary>
    public int MinRowsForOwnFold { get; init; } = 20;

    /// <summary>Run leave-attack-type-out folds and choose thresholds on them (off: plain 0.5, no anomaly path).</summary>
    public bool LeaveAttackTypeOut { get; init; } = true;

    /// <summary>
    /// Weights of the threshold objective: specificity on normal traffic, recall on attack types seen in
    /// training, recall on attack types held out of training.
    /// </summary>
    public double NormalWeight { get; init; } = 0.5;

    public double KnownAttackWeight { get; init; } = 0.25;

    public double NovelAttackWeight { get; init; } = 0.25;

    /// <summary>
    /// Weight detector rows by their category's inverse frequency (square root, capped like the classifier)
    /// so that r2l and u2r, a few rows each in training, still shape the attack boundary.
    /// </summary>
    public bool WeightDetectorByCategory { get; init; } = true;

    /// <summary>Cap on the inverse-frequency class weight of the classifier (u2r has a handful of rows).</summary>
    public double MaxClassWeight { get; init; } = 50;
}
