using System.Text.Json;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// The Functions host sends binding values that are not objects JSON-encoded as strings, sometimes more than
/// once (an array of KafkaEventData arrives as a string holding an array of strings holding objects). These
/// helpers peel the encoding off while the value is still a string that holds JSON.
/// </summary>
public static class InvocationValues
{
    public static JsonElement Unwrap(JsonElement value)
    {
        while (value.ValueKind == JsonValueKind.String && LooksLikeJson(value.GetString()!))
        {
            try
            {
                using var document = JsonDocument.Parse(value.GetString()!);
                value = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                break;
            }
        }

        return value;
    }

    /// <summary>The named binding's value from the invocation's Data object, unwrapped.</summary>
    public static bool TryGetData(JsonElement invocation, string bindingName, out JsonElement value)
    {
        value = default;
        return invocation.ValueKind == JsonValueKind.Object
            && invocation.TryGetProperty("Data", out var data)
            && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty(bindingName, out var raw)
            && (value = Unwrap(raw)).ValueKind != JsonValueKind.Undefined;
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[' or '"';
    }
}
