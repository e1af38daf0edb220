namespace SecureWatch.Core.Sources;

/// <summary>One row of data_source_config as the pipeline uses it.</summary>
public sealed record SourceSettings(
    string Name,
    bool IsEnabled,
    string Topic,
    double? RateLimitPerSecond,
    int? RateLimitBurst,
    bool RequireSignature);
