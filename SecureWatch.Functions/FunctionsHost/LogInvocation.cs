using System.Text.Json;
using System.Text.Json.Nodes;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.LogStreams;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// One Kafka trigger invocation of a log function: what the standalone detection consumer does (dead letters, rules,
/// detections and alerts), plus the push, returned as SignalR group messages. Azure SignalR Service is the backplane
/// here, so each message is sent once, by whichever instance the trigger ran on; no per-second limit applies.
/// </summary>
public static class LogInvocation
{
    private static readonly JsonSerializerOptions PushOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<InvocationResponse> HandleAsync(
        JsonElement invocation, SourceCatalog catalog, LogRuleEvaluator rules, LogDetectionStore store, LogStreamCounters counters,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!KafkaTriggerBatch.TryRead(invocation, LogFunction.RecordsBinding, out var records, out var error))
        {
            throw new InvalidDataException(error);
        }

        var now = time.GetUtcNow();
        var outcome = LogBatchEvaluation.Evaluate(records, catalog, rules, now);
        await store.StoreAsync(outcome.Detections, now, cancellationToken);
        outcome.Count(counters);
        var signalR = new JsonArray();
        foreach (var (record, flags) in outcome.Accepted)
        {
            var push = new LogPushMessage(record.Topic, record.Partition, record.Offset, now, JsonElement.Parse(record.Value), flags);
            var message = ScoringInvocation.SignalRMessage(LiveTargets.Log, JsonSerializer.SerializeToNode(push, PushOptions)!);
            message["groupName"] = LogGroups.Of(record.Topic);
            signalR.Add(message);
        }

        var deadLetters = new JsonArray([.. outcome.DeadLetters.Select(d => (JsonNode)ScoringInvocation.KafkaOutputItem(d, now))]);
        return new InvocationResponse()
            .Output(LogFunction.DeadLettersBinding, deadLetters)
            .Output(LogFunction.SignalRBinding, signalR)
            .Log($"{records.Count} log messages: {signalR.Count} pushed, {deadLetters.Count} dead letters, {outcome.Detections.Count} rule matches");
    }
}
