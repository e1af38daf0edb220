namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>One detection rule of a <see cref="LogRuleSet"/>, checked against its log type's schema when loaded.</summary>
public sealed class LogRule
{
    internal LogRule(string id, string logType, string title, string severity, string category, string keyField,
        LogCondition match, LogRuleThreshold? threshold)
    {
        Id = id;
        LogType = logType;
        Title = title;
        Severity = severity;
        Category = category;
        KeyField = keyField;
        Match = match;
        Threshold = threshold;
    }

    public string Id { get; }

    public string LogType { get; }

    public string Title { get; }

    /// <summary>One of <see cref="Alerts.AlertSeverities.All"/>.</summary>
    public string Severity { get; }

    /// <summary>The alert category: dos, probe, r2l or u2r.</summary>
    public string Category { get; }

    /// <summary>The field a match is attributed to (the alert's attacker) and thresholds count per.</summary>
    public string KeyField { get; }

    public LogRuleThreshold? Threshold { get; }

    internal LogCondition Match { get; }
}
