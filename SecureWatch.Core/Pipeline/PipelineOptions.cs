using Microsoft.Extensions.Configuration;

namespace SecureWatch.Core.Pipeline;

/// <summary>Bound from the "Pipeline" configuration section.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    private const int DefaultRetentionDays = 30;

    /// <summary>Values larger than this are dead-lettered as oversized without being parsed.</summary>
    public int MaxValueBytes { get; set; } = 64 * 1024;

    /// <summary>Records per batch (one transaction, one offset store).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a consumer waits to fill a batch before processing what it has.</summary>
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Kafka consumer session timeout: how long the group waits for a member that vanished (crash) before giving
    /// its partitions to another.
    /// </summary>
    public TimeSpan ConsumerSessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the host consumes Kafka at all (the HTTP API works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long traffic_ingest_keys remembers an event id: Database:TrafficRetentionDays, counted from the day it
    /// was stored (the daily cut-off runs on PostgreSQL's date, so allow a day).
    /// </summary>
    public TimeSpan EventIdRetention { get; set; } = TimeSpan.FromDays(DefaultRetentionDays);

    /// <summary>How far a signed record's observed_at may be ahead of this instance's clock.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The oldest observed_at a signed record may have: younger than the ledger remembers event ids (less a day for the
    /// daily cut-off's time zone and the clock skew), so a captured signed record cannot be replayed once its event id
    /// is forgotten.
    /// </summary>
    public TimeSpan SignedRecordMaxAge => EventIdRetention - TimeSpan.FromDays(1) - MaxClockSkew;

    public static PipelineOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new PipelineOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.EventIdRetention = TimeSpan.FromDays(configuration.GetValue($"{Persistence.PersistenceOptions.SectionName}:TrafficRetentionDays", DefaultRetentionDays));
        if (options.MaxValueBytes < 1024 || options.BatchSize < 1 || options.BatchWait < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Pipeline: MaxValueBytes must be at least 1024, BatchSize positive, BatchWait not negative.");
        }

        if (options.MaxClockSkew < TimeSpan.Zero || options.SignedRecordMaxAge <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "Pipeline: MaxClockSkew must not be negative, and Database:TrafficRetentionDays must exceed a day plus MaxClockSkew "
                + "(signed records older than the event-id retention are refused).");
        }

        return options;
    }
}
