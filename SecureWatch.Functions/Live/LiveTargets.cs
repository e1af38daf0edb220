namespace SecureWatch.Functions.Live;

/// <summary>The client methods SecureWatch invokes (the "target" of a SignalR invocation).</summary>
public static class LiveTargets
{
    /// <summary>Every scored record; the argument is the PredictionMessage JSON object.</summary>
    public const string Prediction = "prediction";

    /// <summary>Records scored as attacks, sent in addition to <see cref="Prediction"/>; same argument.</summary>
    public const string Alert = "alert";

    /// <summary>
    /// An alert opened, changed status or its counters changed; the argument is its AlertSummaryResponse. At most one
    /// push per alert per second: a flood yields a handful of pushes, the last carrying the final counters.
    /// </summary>
    public const string AlertUpdated = "alertUpdated";

    /// <summary>
    /// A log-stream message, to the subscribers of its topic (group logs.&lt;topic&gt;); the argument is a LogPushMessage
    /// {topic, partition, offset, received_at, envelope, flags}.
    /// </summary>
    public const string Log = "log";

    /// <summary>Every second while log streams run: per-topic received / pushed / skipped counts (LogStatsMessage), to all clients.</summary>
    public const string LogStats = "logStats";

    /// <summary>A data source changed; the argument is a <see cref="SourceStatusMessage"/>.</summary>
    public const string SourceStatus = "sourceStatus";
}
