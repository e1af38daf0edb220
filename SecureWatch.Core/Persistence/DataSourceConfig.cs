namespace SecureWatch.Core.Persistence;

/// <summary>Whether a traffic source is consumed, and its source-specific parameters (jsonb).</summary>
public sealed class DataSourceConfig
{
    public int Id { get; set; }

    public string SourceName { get; set; } = "";

    public bool IsEnabled { get; set; }

    public string Description { get; set; } = "";

    /// <summary>The parameters as a JSON object; validated by <see cref="Sources.DataSourceParameterValidator"/>.</summary>
    public string ConfigParams { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }
}
