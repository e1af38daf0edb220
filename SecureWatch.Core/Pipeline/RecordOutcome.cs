namespace SecureWatch.Core.Pipeline;

/// <summary>What happened to one input record.</summary>
public readonly record struct RecordOutcome(RecordOutcomeKind Kind, long? TrafficId, string? Reason, string? Message)
{
    public static RecordOutcome Rejected(string reason, string message) => new(RecordOutcomeKind.Rejected, null, reason, message);
}
