using System.Text.Json;

namespace SecureWatch.Core.LogStreams;

/// <summary>
/// One parsed log-stream message (see log-envelope.schema.json). <see cref="Data"/> is a self-contained clone
/// (<see cref="JsonElement.Clone"/>) of the message's <c>data</c> object, a flat object of scalar values (the CSV
/// row's columns, usually strings), so it stays valid after the message buffer is reused.
/// </summary>
public sealed class LogEnvelope
{
    public required string LogType { get; init; }

    public required string Topic { get; init; }

    /// <summary>The envelope's <c>timestamp</c> as sent, or null when absent.</summary>
    public string? Timestamp { get; init; }

    /// <summary><see cref="Timestamp"/> parsed by <see cref="LogTimestamps"/>; null only when the timestamp is absent.</summary>
    public DateTimeOffset? ParsedTimestamp { get; init; }

    public LogBatchInfo? BatchInfo { get; init; }

    public long? TotalRecordsSent { get; init; }

    public required JsonElement Data { get; init; }

    /// <summary>The value of a data field as text (numbers and booleans in their JSON spelling), or null when absent or null.</summary>
    public string? GetField(string name)
    {
        if (!Data.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }
}
