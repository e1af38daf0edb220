using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureWatch.Core.Traffic;

/// <summary>
/// Writes timestamps as RFC 3339 in UTC with a literal <c>Z</c> and microseconds, the precision packet
/// timestamps have, so that every producer formats <c>observed_at</c> the same way.
/// </summary>
public sealed class Rfc3339UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private const int MaxQuotedLength = 40;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            || !text.Contains('T', StringComparison.Ordinal))
        {
            // Quoted only when short: the message travels into dead-letter headers.
            throw new JsonException(text is { Length: <= MaxQuotedLength }
                ? $"'{text}' is not an RFC 3339 timestamp."
                : "observed_at is not an RFC 3339 timestamp.");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
