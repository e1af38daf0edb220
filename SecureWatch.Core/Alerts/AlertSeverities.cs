namespace SecureWatch.Core.Alerts;

/// <summary>Severity names, lowest first; an alert's severity_rank is the index here plus one.</summary>
public static class AlertSeverities
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    public static IReadOnlyList<string> All { get; } = [Low, Medium, High, Critical];

    public static int Rank(string severity) => IndexOf(severity) + 1;

    public static int IndexOf(string severity)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == severity)
            {
                return i;
            }
        }

        return -1;
    }
}
