using SecureWatch.Core.Kafka;

namespace SecureWatch.Core.Pipeline;

/// <summary>
/// The result of one batch: one outcome per input record (same order) and the messages to publish, predictions
/// and dead letters. The batch is already stored; the host publishes the messages, then commits the offsets.
/// </summary>
public sealed record PipelineBatchResult(IReadOnlyList<RecordOutcome> Outcomes, IReadOnlyList<OutgoingMessage> Messages);
