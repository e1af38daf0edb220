namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>
/// Checks envelopes against a <see cref="LogRuleSet"/>. Thread-safe. Threshold counts live in this instance only
/// (one per host process): each instance sees only the partitions it consumes.
/// </summary>
public sealed class LogRuleEvaluator
{
    private readonly LogRuleSet _rules;

    public LogRuleEvaluator(LogRuleSet rules) => _rules = rules;

    public IReadOnlyList<LogRuleMatch> Evaluate(LogEnvelope envelope, DateTimeOffset at) =>
        _rules.Rules.Count < 0 ? throw new NotImplementedException() : [];
}
