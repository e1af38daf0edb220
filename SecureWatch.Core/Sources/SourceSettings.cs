namespace SecureWatch.Core.Sources;

/// <summary>One row of data_source_config as the pipeline uses it; <see cref="Topics"/> only for log_streams.</summary>
public sealed record SourceSettings(
    string Name,
    bool IsEnabled,
    string Topic,
    double? RateLimitPerSecond,
    int? RateLimitBurst,
    bool RequireSignature,
    IReadOnlyList<string>? Topics = null)
{
    /// <summary>A source with a list of topics (log_streams) rather than one traffic topic.</summary>
    public bool IsLogStreams => Topics is not null;
}
