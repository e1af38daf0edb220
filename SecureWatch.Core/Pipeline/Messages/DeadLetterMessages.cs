using System.Globalization;
using System.Text;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Core.Pipeline.Messages;

/// <summary>The dead-letter record of a rejected input: its original key, value and headers, plus why and where from.</summary>
public static class DeadLetterMessages
{
    public static OutgoingMessage Build(KafkaRecord source, RecordOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(source);

        // Our headers are ours alone: a provider could otherwise pre-set the reason or origin a reader of the DLQ trusts.
        var headers = new List<KafkaHeader>(source.Headers.Count + 5);
        headers.AddRange(source.Headers.Where(h => !h.Key.StartsWith(PipelineHeaders.ReservedPrefix, StringComparison.Ordinal)));
        headers.Add(new(PipelineHeaders.ErrorReason, Encoding.UTF8.GetBytes(outcome.Reason!)));
        headers.Add(new(PipelineHeaders.ErrorMessage, Encoding.UTF8.GetBytes(PrintableText.Of(outcome.Message ?? "", 1000))));
        headers.Add(new(PipelineHeaders.OriginalTopic, Encoding.UTF8.GetBytes(source.Topic)));
        headers.Add(new(PipelineHeaders.OriginalPartition, Encoding.UTF8.GetBytes(source.Partition.ToString(CultureInfo.InvariantCulture))));
        headers.Add(new(PipelineHeaders.OriginalOffset, Encoding.UTF8.GetBytes(source.Offset.ToString(CultureInfo.InvariantCulture))));
        return new OutgoingMessage(PipelineHeaders.DeadLetterTopic(source.Topic), source.Key, source.Value ?? [], headers);
    }
}
