using System.Text.Json.Nodes;
using SecureWatch.Core.Ml.Explanation;

namespace SecureWatch.Functions.Apis;

/// <summary>One feature of an explanation: its value is a string for a symbolic feature (service, flag, protocol_type).</summary>
public sealed record TrafficExplanationFeatureResponse(string Name, JsonNode? Value, float Contribution)
{
    public static TrafficExplanationFeatureResponse From(ExplainedFeature feature) => new(
        feature.Name,
        feature.Symbol is { } symbol ? JsonValue.Create(symbol) : float.IsFinite(feature.Value) ? JsonValue.Create(feature.Value) : null,
        feature.Contribution);
}
