using System.Text.Json;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>Reads the event id out of a SignalR "prediction" invocation without building a document.</summary>
public static class PredictionInvocation
{
    /// <summary>
    /// True for an invocation of target "prediction" whose first argument carries event_id. Depth 3 is a property of
    /// an argument object: root object (1), arguments array (2), argument (3).
    /// </summary>
    public static bool TryReadEventId(ReadOnlySpan<byte> invocation, out Guid eventId)
    {
        eventId = default;
        var reader = new Utf8JsonReader(invocation);
        bool? isPrediction = null;
        var found = false;
        var inArguments = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                inArguments = reader.ValueTextEquals("arguments"u8);
                if (reader.ValueTextEquals("target"u8))
                {
                    reader.Read();
                    isPrediction = reader.ValueTextEquals("prediction"u8);
                }
            }
            else if (inArguments && !found && reader.CurrentDepth == 3 && reader.ValueTextEquals("event_id"u8))
            {
                reader.Read();
                found = reader.TryGetGuid(out eventId);
            }

            if (found && isPrediction is not null)
            {
                break;
            }
        }

        return found && isPrediction == true;
    }

    /// <summary>The event_id of a predictions topic message (a PredictionMessage object).</summary>
    public static bool TryReadTopicEventId(ReadOnlySpan<byte> message, out Guid eventId)
    {
        eventId = default;
        var reader = new Utf8JsonReader(message);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("event_id"u8))
            {
                reader.Read();
                return reader.TryGetGuid(out eventId);
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }

        return false;
    }
}
