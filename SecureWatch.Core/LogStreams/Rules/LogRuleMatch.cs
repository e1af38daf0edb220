namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>
/// A rule that matched one log message. <see cref="KeyValue"/> is the value of the rule's key field (the user, host or
/// address the match is attributed to); <see cref="MatchCount"/> is 1 for a rule without threshold, else the count
/// (or distinct count) in the window when it fired.
/// </summary>
public sealed record LogRuleMatch(string RuleId, string Title, string Severity, string Category, string KeyField, string KeyValue, int MatchCount);
