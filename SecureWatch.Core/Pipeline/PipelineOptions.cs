using Microsoft.Extensions.Configuration;

namespace SecureWatch.Core.Pipeline;

/// <summary>Bound from the "Pipeline" configuration section.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

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

    public static PipelineOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new PipelineOptions();
        configuration.GetSection(SectionName).Bind(options);
        if (options.MaxValueBytes < 1024 || options.BatchSize < 1 || options.BatchWait < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Pipeline: MaxValueBytes must be at least 1024, BatchSize positive, BatchWait not negative.");
        }

        return options;
    }
}
