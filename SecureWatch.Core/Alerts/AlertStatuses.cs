namespace SecureWatch.Core.Alerts;

/// <summary>The lifecycle states of an alert (alerts.status).</summary>
public static class AlertStatuses
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [Open, Acknowledged, Closed];
}
