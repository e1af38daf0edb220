namespace SecureWatch.Core.SelfHealing;

public sealed record BlocklistEntry(string Target, Guid DecisionId, string RuleId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
