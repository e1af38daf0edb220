using SecureWatch.Core.Ml;

namespace SecureWatch.Core.SelfHealing;

/// <summary>
/// What a rule decided for a record. A dry-run decision changed nothing; an applied one may be undone
/// through <see cref="SelfHealingEngine.Undo"/> until it expires.
/// </summary>
public sealed record SelfHealingDecision(
    Guid Id,
    string RuleId,
    SelfHealingAction Action,
    string Target,
    bool DryRun,
    AttackCategory Category,
    float AttackProbability,
    DateTimeOffset DecidedAt,
    DateTimeOffset? ExpiresAt);
