namespace SecureWatch.Core.Predictions;

/// <summary>
/// A self-healing decision as shown with its prediction. ExpiresAt is left out of the JSON when the action does not
/// expire, hence optional when reading.
/// </summary>
public sealed record PredictionResponseAction(
    Guid Id, string RuleId, string Action, string Target, bool DryRun, DateTimeOffset? ExpiresAt = null);
