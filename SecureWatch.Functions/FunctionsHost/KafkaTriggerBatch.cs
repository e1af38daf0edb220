using System.Globalization;
using System.Text;
using System.Text.Json;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// Reads the records of a Kafka trigger with cardinality MANY and dataType string: an array (usually itself
/// JSON-encoded) of KafkaEventData objects {Key, Offset, Partition, Topic, Timestamp, Value, Headers[{Key, Value
/// (base64)}]}, each usually JSON-encoded once more.
/// </summary>
public static class KafkaTriggerBatch
{
    public static bool TryRead(JsonElement invocation, string bindingName, out List<KafkaRecord> records, out string error)
    {
        records = [];
        if (!InvocationValues.TryGetData(invocation, bindingName, out var data))
        {
            error = $"invocation has no Data.{bindingName}";
            return false;
        }

        if (data.ValueKind != JsonValueKind.Array)
        {
            error = $"Data.{bindingName} is {data.ValueKind}, not an array of Kafka events";
            return false;
        }

        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            if (!TryReadEvent(InvocationValues.Unwrap(item), out var record, out error))
            {
                error = $"Data.{bindingName}[{index}]: {error}";
                return false;
            }

            records.Add(record);
            index++;
        }

        error = "";
        return true;
    }

    private static bool TryReadEvent(JsonElement item, out KafkaRecord record, out string error)
    {
        record = null!;
        if (item.ValueKind != JsonValueKind.Object
            || !TryGet(item, "Topic", JsonValueKind.String, out var topic)
            || !TryGet(item, "Partition", JsonValueKind.Number, out var partition)
            || !TryGet(item, "Offset", JsonValueKind.Number, out var offset))
        {
            error = "not a KafkaEventData object with Topic, Partition and Offset";
            return false;
        }

        var headers = new List<KafkaHeader>();
        if (TryGet(item, "Headers", JsonValueKind.Array, out var headerArray))
        {
            foreach (var header in headerArray.EnumerateArray())
            {
                if (!TryGet(header, "Key", JsonValueKind.String, out var key))
                {
                    error = "a header has no Key";
                    return false;
                }

                var value = TryGet(header, "Value", JsonValueKind.String, out var encoded) ? encoded.GetString()! : "";
                if (!TryFromBase64(value, out var bytes))
                {
                    error = $"header '{key.GetString()}' is not base64";
                    return false;
                }

                headers.Add(new KafkaHeader(key.GetString()!, bytes));
            }
        }

        record = new KafkaRecord(
            topic.GetString()!,
            partition.GetInt32(),
            offset.GetInt64(),
            TryGet(item, "Key", JsonValueKind.String, out var k) ? Encoding.UTF8.GetBytes(k.GetString()!) : null,
            TryGet(item, "Value", JsonValueKind.String, out var v) ? Encoding.UTF8.GetBytes(v.GetString()!) : null,
            headers,
            TryGet(item, "Timestamp", JsonValueKind.String, out var t)
                && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
                ? timestamp
                : DateTimeOffset.UtcNow);
        error = "";
        return true;
    }

    private static bool TryGet(JsonElement json, string name, JsonValueKind kind, out JsonElement value) =>
        json.TryGetProperty(name, out value) && value.ValueKind == kind;

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            Array.Resize(ref bytes, written);
            return true;
        }

        return false;
    }
}
