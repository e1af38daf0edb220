using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// The stored form of a <see cref="ThreatExplanation"/> (traffic_data.explanation):
/// <c>{"stage", "base_value", "output", "features": [{"name", "value", "contribution"}]}</c>, where a symbolic
/// feature's value is its symbol (e.g. <c>"private"</c>) and a numeric feature's value is a number.
/// </summary>
public static class ThreatExplanationJson
{
    private const string Stage = "stage";
    private const string BaseValue = "base_value";
    private const string Output = "output";
    private const string Features = "features";
    private const string Name = "name";
    private const string Value = "value";
    private const string Contribution = "contribution";

    public static string Serialize(ThreatExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(Stage, explanation.Stage);
            writer.WriteNumber(BaseValue, explanation.BaseValue);
            writer.WriteNumber(Output, explanation.Output);
            writer.WriteStartArray(Features);
            foreach (var feature in explanation.Features)
            {
                writer.WriteStartObject();
                writer.WriteString(Name, feature.Name);
                if (feature.Symbol is { } symbol)
                {
                    writer.WriteString(Value, symbol);
                }
                else if (float.IsFinite(feature.Value))
                {
                    writer.WriteNumber(Value, feature.Value);
                }
                else
                {
                    writer.WriteNull(Value);
                }

                writer.WriteNumber(Contribution, feature.Contribution);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a stored explanation back (for the API); null for a row without one.</summary>
    public static ThreatExplanation? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var features = new List<ExplainedFeature>();
        foreach (var feature in root.GetProperty(Features).EnumerateArray())
        {
            var value = feature.GetProperty(Value);
            var symbol = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            features.Add(new ExplainedFeature(
                feature.GetProperty(Name).GetString()!,
                value.ValueKind == JsonValueKind.Number ? value.GetSingle() : float.NaN,
                symbol,
                feature.GetProperty(Contribution).GetSingle()));
        }

        return new ThreatExplanation(
            root.GetProperty(Stage).GetString()!, root.GetProperty(BaseValue).GetDouble(), root.GetProperty(Output).GetDouble(), features);
    }
}
