using System.Text.Json;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Traffic;

/// <summary>
/// Turns a record value into a validated <see cref="TrafficRecord"/>, or says which dead-letter reason applies:
/// <see cref="RejectReasons.NotJson"/> for bytes that are not well-formed UTF-8 JSON,
/// <see cref="RejectReasons.SchemaInvalid"/> for JSON that breaks the <c>securewatch.traffic.v1</c> contract.
/// </summary>
public static class TrafficRecordParser
{
    public static bool TryParse(ReadOnlySpan<byte> value, out TrafficRecord record, out string reason, out string message)
    {
        try
        {
            record = TrafficRecordJson.Deserialize(value);
            reason = "";
            message = "";
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException
            or NotSupportedException or OverflowException)
        {
            record = null!;
            reason = IsWellFormedJson(value) ? RejectReasons.SchemaInvalid : RejectReasons.NotJson;
            message = reason == RejectReasons.NotJson ? $"not well-formed JSON: {ex.Message}" : ex.Message;
            return false;
        }
    }

    // Only reached for rejected values, so the second pass costs nothing on the accepted path.
    private static bool IsWellFormedJson(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    // Forces UTF-8 validation of the string contents, which Read alone does not do fully.
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
