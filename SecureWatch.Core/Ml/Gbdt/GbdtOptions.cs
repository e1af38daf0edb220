namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>Hyper-parameters of the histogram gradient-boosting learner.</summary>
public sealed record GbdtOptions
{
    public GbdtObjective Objective { get; init; } = GbdtObjective.Binary;

    /// <summary>Number of classes for <see cref="GbdtObjective.Multiclass"/>; ignored for binary.</summary>
    public int ClassCount { get; init; } = 2;

    public int Rounds { get; init; } = 200;

    /// <summary>Shrinkage applied to every leaf value.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Leaf-wise growth stops at this many leaves per tree.</summary>
    public int MaxLeaves { get; init; } = 15;

    /// <summary>Depth limit; 0 means unlimited (pure leaf-wise growth).</summary>
    public int MaxDepth { get; init; } = 6;

    public int MinDataInLeaf { get; init; } = 20;

    public double MinSumHessianInLeaf { get; init; } = 1e-3;

    /// <summary>L2 penalty on leaf values.</summary>
    public double L2 { get; init; } = 1.0;

    public double MinSplitGain { get; init; }

    public int MaxBins { get; init; } = 255;

    /// <summary>Fraction of rows sampled (without replacement) for each round.</summary>
    public double RowSubsample { get; init; } = 1.0;

    /// <summary>Fraction of features a tree may split on.</summary>
    public double FeatureSubsample { get; init; } = 1.0;

    /// <summary>Stop when the validation loss has not improved for this many rounds (0 disables).</summary>
    public int EarlyStoppingRounds { get; init; } = 20;

    /// <summary>Categories seen fewer times than this in a leaf are not used to choose a categorical split.</summary>
    public int MinDataPerCategory { get; init; } = 5;

    /// <summary>Smoothing added to the hessian when ordering categories, which damps rare categories.</summary>
    public double CategorySmoothing { get; init; } = 10.0;

    public int MaxCategoriesPerSplit { get; init; } = 32;

    public ulong Seed { get; init; } = 42;
}
