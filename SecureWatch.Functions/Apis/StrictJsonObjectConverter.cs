using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// Reads a free-form JSON object of a request body (such as config_params) under the API's serializer options. The
/// built-in <see cref="JsonObject"/> reader defers duplicate names until the object is first used, where they fail as
/// an ArgumentException (a 500); reading through <see cref="JsonElement"/> applies AllowDuplicateProperties at once,
/// so a duplicate is a JsonException and answers 400 like every other malformed body.
/// </summary>
public sealed class StrictJsonObjectConverter : JsonConverter<JsonObject>
{
    public override JsonObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonSerializer.Deserialize<JsonElement>(ref reader, options);
        return element.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(element)!
            : throw new JsonException($"expected a JSON object, got {element.ValueKind.ToString().ToLowerInvariant()}");
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) =>
        value.WriteTo(writer, options);
}
