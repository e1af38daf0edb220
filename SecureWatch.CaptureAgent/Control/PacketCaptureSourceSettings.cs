using System.Text.Json;
using SecureWatch.Core.Sources;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>
/// The <c>packet_capture</c> data source as the SecureWatch API returns it (GET /api/v1/config/sources/packet_capture):
/// is_enabled plus the config_params the API validated (see DataSourceParameterValidator).
/// </summary>
internal sealed record PacketCaptureSourceSettings
{
    public required bool IsEnabled { get; init; }

    public required string Interface { get; init; }

    public required string BpfFilter { get; init; }

    /// <summary>Records the agent holds between capture and Kafka; more are dropped and counted.</summary>
    public required int BufferSize { get; init; }

    public required string Topic { get; init; }

    public int? SnapLength { get; init; }

    public bool? Promiscuous { get; init; }

    /// <exception cref="JsonException">The response does not have the data source's shape.</exception>
    public static PacketCaptureSourceSettings Parse(JsonElement source)
    {
        if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty("config_params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the response has no config_params object");
        }

        return new PacketCaptureSourceSettings
        {
            IsEnabled = Required(source, "is_enabled").GetBoolean(),
            Interface = Required(parameters, SourceParameterNames.Interface).GetString()!,
            BpfFilter = Required(parameters, SourceParameterNames.BpfFilter).GetString()!,
            BufferSize = Required(parameters, SourceParameterNames.BufferSize).GetInt32(),
            Topic = Required(parameters, SourceParameterNames.Topic).GetString()!,
            SnapLength = parameters.TryGetProperty(SourceParameterNames.SnapLength, out var snaplen) ? snaplen.GetInt32() : null,
            Promiscuous = parameters.TryGetProperty(SourceParameterNames.Promiscuous, out var promiscuous) ? promiscuous.GetBoolean() : null,
        };
    }

    private static JsonElement Required(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new JsonException($"the response has no '{name}'");
}
