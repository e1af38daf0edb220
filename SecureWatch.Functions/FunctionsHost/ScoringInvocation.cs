using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Live;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// One Kafka trigger invocation: the same pipeline the standalone consumers run, with its messages returned as
/// output bindings (predictions, dead letters, SignalR) for the Functions host to deliver.
/// </summary>
public static class ScoringInvocation
{
    public static async Task<InvocationResponse> HandleAsync(
        JsonElement invocation, TrafficPipeline pipeline, AlertBroadcaster alerts, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!KafkaTriggerBatch.TryRead(invocation, ScoringFunction.RecordsBinding, out var records, out var error))
        {
            throw new InvalidDataException(error);
        }

        var result = await pipeline.ProcessAsync(records, cancellationToken);
        var predictions = new JsonArray();
        var deadLetters = new JsonArray();
        var signalR = new JsonArray();
        var now = time.GetUtcNow();
        foreach (var message in result.Messages)
        {
            if (message.Topic.EndsWith(PipelineHeaders.DeadLetterSuffix, StringComparison.Ordinal))
            {
                deadLetters.Add(KafkaOutputItem(message, now));
                continue;
            }

            predictions.Add(KafkaOutputItem(message, now));
            var prediction = JsonNode.Parse(message.Value)!;
            signalR.Add(SignalRMessage(LiveTargets.Prediction, prediction));
            if (prediction["is_attack"]?.GetValue<bool>() == true)
            {
                signalR.Add(SignalRMessage(LiveTargets.Alert, prediction));
            }
        }

        // This batch's alert changes are committed: read them now rather than wait for the NOTIFY.
        await alerts.ReloadAsync(cancellationToken);
        foreach (var alert in alerts.DrainOutbox())
        {
            signalR.Add(SignalRMessage(LiveTargets.AlertUpdated, JsonSerializer.SerializeToNode(alert, AlertBroadcaster.PayloadOptions)!));
        }

        return new InvocationResponse()
            .Output(ScoringFunction.PredictionsBinding, predictions)
            .Output(ScoringFunction.DeadLettersBinding, deadLetters)
            .Output(ScoringFunction.SignalRBinding, signalR)
            .Log($"scored {records.Count} records: {predictions.Count} predictions, {deadLetters.Count} dead letters");
    }

    /// <summary>
    /// The Kafka extension accepts a string holding {Key, Offset, Partition, Topic, Timestamp, Value, Headers} when
    /// key or headers are to be set; header values are plain strings it encodes as UTF-8.
    /// </summary>
    internal static JsonValue KafkaOutputItem(OutgoingMessage message, DateTimeOffset now)
    {
        var item = new JsonObject();
        if (message.Key is { } key)
        {
            item["Key"] = Encoding.UTF8.GetString(key);
        }

        item["Offset"] = 0;
        item["Partition"] = -1;
        item["Topic"] = message.Topic;
        item["Timestamp"] = now.UtcDateTime.ToString("O");
        item["Value"] = Encoding.UTF8.GetString(message.Value);
        item["Headers"] = new JsonArray([.. message.Headers.Select(h =>
            (JsonNode)new JsonObject { ["Key"] = h.Key, ["Value"] = Encoding.UTF8.GetString(h.Value) })]);
        return JsonValue.Create(item.ToJsonString())!;
    }

    internal static JsonObject SignalRMessage(string target, JsonNode argument) => new()
    {
        ["target"] = target,
        ["arguments"] = new JsonArray(argument.DeepClone()),
    };
}
