using SecureWatch.Core.Ml.Explanation;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// Why a record was flagged: the detector stage that decided (<c>gbdt</c> or <c>anomaly</c>), its base value and
/// output, and the five features that pushed most toward attack. gbdt: contributions are TreeSHAP values of the
/// log-odds (all of them sum to output - base_value); anomaly: path length saved in the isolation forest versus an
/// ordinary point (all of them sum to base_value - output).
/// </summary>
public sealed record TrafficExplanationResponse(
    string Stage, double BaseValue, double Output, IReadOnlyList<TrafficExplanationFeatureResponse> Features)
{
    /// <summary>The API form of a traffic_data.explanation value; null for a record without one (normal traffic).</summary>
    public static TrafficExplanationResponse? FromStored(string? json) =>
        ThreatExplanationJson.Parse(json) is { } explanation ? From(explanation) : null;

    public static TrafficExplanationResponse From(ThreatExplanation explanation) => new(
        explanation.Stage,
        explanation.BaseValue,
        explanation.Output,
        [.. explanation.Features.Select(TrafficExplanationFeatureResponse.From)]);
}
