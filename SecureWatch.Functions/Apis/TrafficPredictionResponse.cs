namespace SecureWatch.Functions.Apis;

/// <summary>What the models said about a record.</summary>
public sealed record TrafficPredictionResponse(bool IsAttack, float AttackProbability, string Category, string ModelVersion);
