namespace SecureWatch.Core.Pipeline;

public enum RecordOutcomeKind
{
    /// <summary>Scored and written to traffic_data for the first time.</summary>
    Stored = 0,

    /// <summary>The same Kafka record was stored before (a redelivery after a crash); its prediction is published again.</summary>
    Redelivered = 1,

    /// <summary>Another record with the same event_id was stored before; this one is dropped.</summary>
    DuplicateEvent = 2,

    /// <summary>Sent to the dead-letter topic; see <see cref="RecordOutcome.Reason"/>.</summary>
    Rejected = 3,
}
