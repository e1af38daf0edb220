using Microsoft.Extensions.Logging;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline.Admission;
using SecureWatch.Core.Pipeline.Messages;
using SecureWatch.Core.Pipeline.Scoring;
using SecureWatch.Core.Pipeline.Storage;

namespace SecureWatch.Core.Pipeline;

/// <summary>
/// The scoring pipeline, independent of how records are fetched: admit each record, score the accepted ones, store
/// the batch once (one transaction, where self-healing responses are decided and attacks grouped into alerts) and
/// return what to publish. The host publishes the returned messages and only then commits the batch's offsets, so a
/// crash at any point leads to a redelivery that the store recognises (at-least-once delivery, exactly-once storage).
/// </summary>
public sealed partial class TrafficPipeline(
    RecordAdmission admission,
    BatchScorer scorer,
    BatchStore store,
    PredictionMessages predictions,
    PipelineCounters counters,
    TimeProvider time,
    ILogger<TrafficPipeline> logger)
{
    /// <summary>
    /// Processes one batch. Throws (with nothing stored, nothing counted) when PostgreSQL cannot be used (connection,
    /// server or schema trouble); the caller retries the same batch and must not commit its offsets in between. A record
    /// PostgreSQL refuses for its own data is dead-lettered as <see cref="RejectReasons.Unstorable"/> instead.
    /// </summary>
    public async Task<PipelineBatchResult> ProcessAsync(IReadOnlyList<KafkaRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new RecordOutcome[batch.Count];
        var accepted = new List<AcceptedRecord>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (admission.TryAdmit(batch[i], i, out var record, out var rejection))
            {
                accepted.Add(record);
            }
            else
            {
                outcomes[i] = rejection;
            }
        }

        scorer.Score(accepted);
        var receivedAt = time.GetUtcNow();
        var rows = accepted.Count == 0
            ? []
            : await store.StoreAsync(accepted, outcomes, receivedAt, cancellationToken);

        var messages = new List<OutgoingMessage>(batch.Count);
        var rowsByIndex = rows.ToDictionary(r => r.Accepted.Index);
        var acceptedByIndex = accepted.ToDictionary(a => a.Index);
        for (var i = 0; i < batch.Count; i++)
        {
            var outcome = outcomes[i];
            counters.CountOutcome(outcome);
            switch (outcome.Kind)
            {
                case RecordOutcomeKind.Rejected:
                    LogRejected(batch[i].Topic, batch[i].Partition, batch[i].Offset, outcome.Reason!, outcome.Message!);

                    messages.Add(DeadLetterMessages.Build(batch[i], outcome));
                    break;
                case RecordOutcomeKind.Stored:
                    var row = rowsByIndex[i];
                    messages.Add(predictions.Build(row.Accepted, row.TrafficId, receivedAt, row.Decisions));
                    break;
                case RecordOutcomeKind.Redelivered:
                    messages.Add(predictions.Build(acceptedByIndex[i], outcome.TrafficId!.Value, receivedAt, []));
                    break;
                default:
                    break;
            }
        }

        return new PipelineBatchResult(outcomes, messages);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dead-lettered {Topic}[{Partition}]@{Offset}: {Reason} ({Detail})")]
    private partial void LogRejected(string topic, int partition, long offset, string reason, string detail);
}
