namespace SecureWatch.Core.Ml.Scoring;

/// <summary>The verdict on one record. <see cref="ModelVersion"/> is shared, not allocated per record.</summary>
public readonly record struct Prediction(bool IsAttack, float AttackProbability, AttackCategory Category, string ModelVersion);
