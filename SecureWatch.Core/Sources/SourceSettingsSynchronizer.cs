using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;

namespace SecureWatch.Core.Sources;

/// <summary>Reloads <see cref="SourceCatalog"/> whenever data_source_config changes on any instance.</summary>
public sealed partial class SourceSettingsSynchronizer(
    NpgsqlDataSource dataSource, SourceCatalog catalog, ILogger<SourceSettingsSynchronizer> logger) : IDatabaseChangeSubscriber
{
    public const string NotifyChannel = "securewatch_sources";

    public string Channel => NotifyChannel;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var sources = await dataSource.ReadAllAsync(
            "SELECT source_name, is_enabled, config_params::text FROM data_source_config",
            reader => Parse(reader.GetString(0), reader.GetBoolean(1), reader.GetString(2)),
            cancellationToken);
        catalog.Replace(sources);
        foreach (var (source, problem) in catalog.Refused)
        {
            LogRefused(source, problem);
        }

        var summary = string.Join(", ", sources.Select(s => $"{s.Name}={(s.IsEnabled ? "on" : "off")}:{s.Topic}"));
        LogReloaded(summary);
    }

    /// <summary>Reads the parameters the pipeline needs; the API has validated them before storing.</summary>
    public static SourceSettings Parse(string name, bool isEnabled, string configParams)
    {
        using var json = JsonDocument.Parse(configParams);
        var root = json.RootElement;
        var topic = root.TryGetProperty(SourceParameterNames.Topic, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : name;
        double? rate = root.TryGetProperty(SourceParameterNames.RateLimitPerSecond, out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
        int? burst = root.TryGetProperty(SourceParameterNames.RateLimitBurst, out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : null;
        // Signatures are what make an external provider who it says it is: on unless turned off explicitly.
        var requireSignature = root.TryGetProperty(SourceParameterNames.RequireSignature, out var s)
            ? s.ValueKind == JsonValueKind.True
            : name == DataSourceNames.ExternalKafka;
        IReadOnlyList<string>? topics = root.TryGetProperty(SourceParameterNames.Topics, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : null;
        return new SourceSettings(name, isEnabled, topics is null ? topic : "", rate, burst, requireSignature, topics);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Data source {Source} is not consumed: {Problem}")]
    private partial void LogRefused(string source, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data sources reloaded: {Sources}")]
    private partial void LogReloaded(string sources);
}
