using System.Text.Json;
using System.Text.Unicode;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Core.LogStreams;

/// <summary>
/// Turns a log-stream message into a <see cref="LogEnvelope"/>, or names the dead-letter reason:
/// <see cref="RejectReasons.Oversized"/> above <see cref="MaxBytes"/>, <see cref="RejectReasons.NotJson"/> for bytes
/// that are not well-formed UTF-8 JSON, <see cref="RejectReasons.SchemaInvalid"/> for anything log-envelope.schema.json
/// refuses. The top level takes exactly the members the design's producers send; an unknown member is refused, like
/// an unknown field of a traffic record. Counters (batch_info, total_records_sent) are non-negative integers, as
/// strings of digits or as JSON numbers.
/// </summary>
public static class LogEnvelopeParser
{
    public const int MaxBytes = 65536;

    /// <summary>Longest log_type or topic: Kafka's limit for a topic name.</summary>
    public const int MaxNameLength = 249;

    public static bool TryParse(ReadOnlySpan<byte> utf8, out LogEnvelope? envelope, out string? rejectReason, out string? detail)
    {
        envelope = null;
        if (utf8.Length > MaxBytes)
        {
            return Reject(RejectReasons.Oversized, $"{utf8.Length} bytes, more than {MaxBytes}", out rejectReason, out detail);
        }

        if (!Utf8.IsValid(utf8))
        {
            return Reject(RejectReasons.NotJson, "not well-formed UTF-8", out rejectReason, out detail);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                return Reject(RejectReasons.NotJson, "content after the JSON value", out rejectReason, out detail);
            }
        }
        catch (JsonException ex)
        {
            return Reject(RejectReasons.NotJson, $"not well-formed JSON: {ex.Message}", out rejectReason, out detail);
        }

        using (document)
        {
            try
            {
                envelope = Read(document.RootElement);
                rejectReason = null;
                detail = null;
                return true;
            }
            catch (LogEnvelopeFormatException ex)
            {
                return Reject(RejectReasons.SchemaInvalid, ex.Message, out rejectReason, out detail);
            }
            catch (InvalidOperationException ex)
            {
                // GetString refuses an escaped lone surrogate.
                return Reject(RejectReasons.SchemaInvalid, ex.Message, out rejectReason, out detail);
            }
        }
    }

    private static LogEnvelope Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new LogEnvelopeFormatException($"the envelope must be an object, not {root.ValueKind}");
        }

        string? logType = null, topic = null, timestamp = null;
        DateTimeOffset? parsedTimestamp = null;
        LogBatchInfo? batchInfo = null;
        long? totalRecordsSent = null;
        JsonElement? data = null;
        var seen = 0;
        foreach (var property in root.EnumerateObject())
        {
            var bit = property.Name switch
            {
                "log_type" => 1,
                "topic" => 2,
                "timestamp" => 4,
                "batch_info" => 8,
                "total_records_sent" => 16,
                "data" => 32,
                _ => throw new LogEnvelopeFormatException($"unknown member {Quoted(property.Name)}"),
            };
            if ((seen & bit) != 0)
            {
                throw new LogEnvelopeFormatException($"duplicate member {property.Name}");
            }

            seen |= bit;
            var value = property.Value;
            switch (bit)
            {
                case 1:
                    logType = Name(value, "log_type");
                    break;
                case 2:
                    topic = Name(value, "topic");
                    break;
                case 4:
                    timestamp = value.ValueKind == JsonValueKind.String
                        ? value.GetString()!
                        : throw new LogEnvelopeFormatException("timestamp must be a string");
                    parsedTimestamp = LogTimestamps.TryParse(timestamp, out var parsed)
                        ? parsed
                        : throw new LogEnvelopeFormatException($"timestamp {Quoted(timestamp)} is not a known time format");
                    break;
                case 8:
                    batchInfo = BatchInfo(value);
                    break;
                case 16:
                    totalRecordsSent = Counter(value, "total_records_sent");
                    break;
                default:
                    CheckData(value);
                    data = value.Clone();
                    break;
            }
        }

        return new LogEnvelope
        {
            LogType = logType ?? throw new LogEnvelopeFormatException("log_type is required"),
            Topic = topic ?? throw new LogEnvelopeFormatException("topic is required"),
            Timestamp = timestamp,
            ParsedTimestamp = parsedTimestamp,
            BatchInfo = batchInfo,
            TotalRecordsSent = totalRecordsSent,
            Data = data ?? throw new LogEnvelopeFormatException("data is required"),
        };
    }

    private static string Name(JsonElement value, string member)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new LogEnvelopeFormatException($"{member} must be a string");
        }

        var text = value.GetString()!;
        if (text.Length is 0 or > MaxNameLength)
        {
            throw new LogEnvelopeFormatException($"{member} must have 1 to {MaxNameLength} characters");
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new LogEnvelopeFormatException($"{member} may contain only ASCII letters, digits, '.', '_' and '-'");
            }
        }

        return text;
    }

    private static LogBatchInfo BatchInfo(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new LogEnvelopeFormatException("batch_info must be an object");
        }

        long? fileCycle = null, batchNumber = null, recordInBatch = null, batchSize = null;
        foreach (var property in value.EnumerateObject())
        {
            ref var slot = ref fileCycle;
            switch (property.Name)
            {
                case "file_cycle":
                    slot = ref fileCycle;
                    break;
                case "batch_number":
                    slot = ref batchNumber;
                    break;
                case "record_in_batch":
                    slot = ref recordInBatch;
                    break;
                case "batch_size":
                    slot = ref batchSize;
                    break;
                default:
                    throw new LogEnvelopeFormatException($"unknown member batch_info.{Quoted(property.Name)}");
            }

            if (slot is not null)
            {
                throw new LogEnvelopeFormatException($"duplicate member batch_info.{property.Name}");
            }

            slot = Counter(property.Value, "batch_info." + property.Name);
        }

        return new LogBatchInfo(
            fileCycle ?? throw Missing("file_cycle"),
            batchNumber ?? throw Missing("batch_number"),
            recordInBatch ?? throw Missing("record_in_batch"),
            batchSize ?? throw Missing("batch_size"));

        static LogEnvelopeFormatException Missing(string member) => new($"batch_info.{member} is required");
    }

    private static long Counter(JsonElement value, string member)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var number) && number >= 0:
                return number;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length is > 0 and <= 18 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
                {
                    return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
                }

                break;
        }

        throw new LogEnvelopeFormatException($"{member} must be a non-negative integer, as a number or a string of digits");
    }

    // data is one CSV row: a flat object of scalars with distinct names, so a rule reads exactly one value per field.
    private static void CheckData(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new LogEnvelopeFormatException("data must be an object");
        }

        HashSet<string>? names = null;
        foreach (var property in value.EnumerateObject())
        {
            names ??= new HashSet<string>(StringComparer.Ordinal);
            if (!names.Add(property.Name))
            {
                throw new LogEnvelopeFormatException($"duplicate member data.{Quoted(property.Name)}");
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    _ = property.Value.GetString();
                    break;
                case JsonValueKind.Object or JsonValueKind.Array:
                    throw new LogEnvelopeFormatException($"data.{Quoted(property.Name)} must be a string, number, boolean or null");
            }
        }
    }

    // Names are echoed into dead-letter details; bound their length and keep control characters out.
    private static string Quoted(string text) =>
        JsonSerializer.Serialize(text.Length > 64 ? text[..64] + "…" : text);

    private static bool Reject(string reason, string message, out string? rejectReason, out string? detail)
    {
        rejectReason = reason;
        detail = message;
        return false;
    }
}
