namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>
/// Checks envelopes against a <see cref="LogRuleSet"/>. Thread-safe. Threshold counts live in this instance only
/// (one per host process, not shared between instances or kept across restarts): each instance counts the messages
/// it consumes. A threshold counts on the record's own time (its log type's time column, else the envelope's
/// timestamp, else <c>at</c>) and fires once per window per key value.
/// </summary>
public sealed class LogRuleEvaluator
{
    private static readonly LogRuleMatch[] NoMatches = [];

    private readonly Dictionary<string, CompiledRule[]> _byLogType;
    private long _unkeyedMatches;

    public LogRuleEvaluator(LogRuleSet rules)
    {
        _byLogType = rules.Rules
            .GroupBy(r => r.LogType, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(r => new CompiledRule(r, r.Threshold is { } t ? new ThresholdState(t) : null)).ToArray(),
                StringComparer.Ordinal);
    }

    /// <summary>Matches whose key field was absent or empty, so they could not be attributed (not reported).</summary>
    public long UnkeyedMatches => Interlocked.Read(ref _unkeyedMatches);

    /// <summary>Threshold matches not counted because a rule already tracked <see cref="ThresholdState.MaxKeys"/> key values.</summary>
    public long UntrackedKeyMatches => _byLogType.Values.SelectMany(r => r).Sum(r => r.State?.Untracked ?? 0);

    /// <summary>The rules the envelope matches; an empty (shared) list when none does.</summary>
    public IReadOnlyList<LogRuleMatch> Evaluate(LogEnvelope envelope, DateTimeOffset at)
    {
        if (!_byLogType.TryGetValue(envelope.LogType, out var rules))
        {
            return NoMatches;
        }

        var record = new LogRecordView(envelope);
        List<LogRuleMatch>? matches = null;
        foreach (var (rule, state) in rules)
        {
            if (!rule.Match.IsMatch(record))
            {
                continue;
            }

            if (record.Text(rule.KeyField) is not { Length: > 0 } key)
            {
                Interlocked.Increment(ref _unkeyedMatches);
                continue;
            }

            var count = 1;
            if (state is not null)
            {
                var distinct = rule.Threshold!.DistinctField is { } field ? record.Text(field) ?? "" : null;
                count = state.Observe(key, EventTime(record, envelope, at), distinct, at);
                if (count == 0)
                {
                    continue;
                }
            }

            (matches ??= []).Add(new LogRuleMatch(rule.Id, rule.Title, rule.Severity, rule.Category, rule.KeyField, key, count));
        }

        return matches is null ? NoMatches : matches;
    }

    private static DateTimeOffset EventTime(LogRecordView record, LogEnvelope envelope, DateTimeOffset at)
    {
        if (LogTypeSchemas.TryGet(envelope.LogType, out var schema) && record.Text(schema.TimeField) is { } text
            && LogTimestamps.TryParse(text, out var own))
        {
            return own;
        }

        return envelope.ParsedTimestamp ?? at;
    }

    private readonly record struct CompiledRule(LogRule Rule, ThresholdState? State);
}
