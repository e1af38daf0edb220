using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Ml.Training;

/// <summary>What training measured, all on data the measured model did not train on.</summary>
public sealed record ThreatTrainingReport
{
    public required string FeatureSet { get; init; }

    public required string ModelVersion { get; init; }

    public required int TrainingRows { get; init; }

    public required int ValidationRows { get; init; }

    public required int DetectorRounds { get; init; }

    public required int ClassifierRounds { get; init; }

    public required ThreatThresholds Thresholds { get; init; }

    /// <summary>Validation split, detector and classifier trained on the rest.</summary>
    public required ClassificationMetrics Validation { get; init; }

    public required double ValidationFalsePositiveRate { get; init; }

    /// <summary>Recall over all records of held-out attack types, GBDT alone at 0.5 / combined detector.</summary>
    public required double NovelRecallClassifierAtHalf { get; init; }

    public required double NovelRecallCombined { get; init; }

    /// <summary>Binary accuracy over validation normals plus every record of the held-out attack types.</summary>
    public required double LeaveAttackTypeOutAccuracy { get; init; }

    public required IReadOnlyList<LeaveAttackTypeOutFold> Folds { get; init; }

    public required double TrainingSeconds { get; init; }
}
