namespace SecureWatch.Functions.LogStreams;

/// <summary>Settings of the log streams, bound from the "Logs" section.</summary>
public sealed class LogStreamOptions
{
    public const string SectionName = "Logs";

    /// <summary>
    /// Messages pushed to browsers per topic and second at most; the rest are counted as skipped and reported in
    /// logStats, so a browser shows the true rate of a stream it cannot display in full.
    /// </summary>
    public int MaxPushPerSecond { get; set; } = 200;

    /// <summary>A rules file replacing the shipped defaults; empty uses the defaults.</summary>
    public string RulesFile { get; set; } = "";

    /// <summary>Messages the detection consumer handles per batch (one database transaction).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long the detection consumer waits to fill a batch.</summary>
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(50);
}
