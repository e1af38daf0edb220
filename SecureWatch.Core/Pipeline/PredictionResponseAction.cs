namespace SecureWatch.Core.Pipeline;

/// <summary>A self-healing decision as shown with its prediction.</summary>
public sealed record PredictionResponseAction(
    Guid Id, string RuleId, string Action, string Target, bool DryRun, DateTimeOffset? ExpiresAt);
