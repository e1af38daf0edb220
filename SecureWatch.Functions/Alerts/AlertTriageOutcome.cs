namespace SecureWatch.Functions.Alerts;

/// <summary>What became of one triage change: applied, refused with a reason (409), or no such alert (404).</summary>
internal readonly record struct AlertTriageOutcome(bool IsApplied, bool IsMissing, string? Reason)
{
    public static AlertTriageOutcome Applied => new(true, false, null);

    public static AlertTriageOutcome Missing => new(false, true, null);

    public static AlertTriageOutcome Refused(string reason) => new(false, false, reason);
}
