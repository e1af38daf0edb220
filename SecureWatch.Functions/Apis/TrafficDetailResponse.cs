using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SecureWatch.Functions.Apis;

/// <summary>GET /api/v1/traffic/{id}: the stored record with its features and, where recorded, its response actions.</summary>
public sealed record TrafficDetailResponse(
    long Id,
    Guid EventId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ObservedAt,
    string DataSource,
    string? SenderIp,
    TrafficFlowResponse Flow,
    string FeatureSet,
    JsonObject Features,
    TrafficPredictionResponse Prediction,
    string? ResponseAction,
    TrafficKafkaPosition? Kafka)
{
    /// <summary>The self-healing decisions recorded for this record (response_actions), oldest first.</summary>
    public IReadOnlyList<JsonElement> Actions { get; init; } = [];

    /// <summary>Why the record was flagged (attacks only; null for normal traffic).</summary>
    public TrafficExplanationResponse? Explanation { get; init; }
}
