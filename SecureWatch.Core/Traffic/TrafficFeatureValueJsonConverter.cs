using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureWatch.Core.Traffic;

/// <summary>Writes a feature value as a bare JSON number or string.</summary>
public sealed class TrafficFeatureValueJsonConverter : JsonConverter<TrafficFeatureValue>
{
    public override TrafficFeatureValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => TrafficFeatureValue.FromNumber(reader.GetDouble()),
            JsonTokenType.String => TrafficFeatureValue.FromText(reader.GetString()!),
            _ => throw new JsonException($"A feature value must be a number or a string, not {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, TrafficFeatureValue value, JsonSerializerOptions options)
    {
        if (value.IsSymbolic)
        {
            writer.WriteStringValue(value.Text);
        }
        else if (double.IsFinite(value.Number))
        {
            writer.WriteNumberValue(value.Number);
        }
        else
        {
            throw new JsonException("A numeric feature value must be finite.");
        }
    }
}
