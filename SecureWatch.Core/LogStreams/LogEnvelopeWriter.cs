using System.Buffers;
using System.Text.Json;

namespace SecureWatch.Core.LogStreams;

/// <summary>Writes envelopes the way the design's producers do: counters as strings, data values as strings.</summary>
public static class LogEnvelopeWriter
{
    public static byte[] Write(string logType, string topic, DateTimeOffset timestamp, LogBatchInfo batch, long totalRecordsSent,
        IReadOnlyList<string> columns, IReadOnlyList<string> values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Count, columns.Count, nameof(values));
        var buffer = new ArrayBufferWriter<byte>(256 + (32 * columns.Count));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", timestamp.ToString(LogTimestamps.EnvelopeFormat, System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("log_type", logType);
            json.WriteString("topic", topic);
            json.WriteStartObject("batch_info");
            WriteCounter(json, "file_cycle", batch.FileCycle);
            WriteCounter(json, "batch_number", batch.BatchNumber);
            WriteCounter(json, "record_in_batch", batch.RecordInBatch);
            WriteCounter(json, "batch_size", batch.BatchSize);
            json.WriteEndObject();
            WriteCounter(json, "total_records_sent", totalRecordsSent);
            json.WriteStartObject("data");
            for (var i = 0; i < columns.Count; i++)
            {
                json.WriteString(columns[i], values[i]);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCounter(Utf8JsonWriter json, string name, long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        json.WriteString(name, digits[..written]);
    }
}
