using Confluent.Kafka;

namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// Partition bookkeeping shared by the consumers. Incremental protocols (cooperative, KIP-848) hand the rebalance
/// handlers only the partitions that move, so counts are always taken from the consumer's whole assignment.
/// </summary>
public static class ConsumerPartitions
{
    public static int CountWith<TKey, TValue>(IConsumer<TKey, TValue> consumer, IEnumerable<TopicPartition> added) =>
        consumer.Assignment.Union(added).Count();

    public static int CountWithout<TKey, TValue>(IConsumer<TKey, TValue> consumer, IEnumerable<TopicPartitionOffset> removed) =>
        consumer.Assignment.Except(removed.Select(p => p.TopicPartition)).Count();

    /// <summary>
    /// Pins each newly assigned partition to its current end. Left to auto.offset.reset the end is looked up after
    /// the assignment, so a message produced in between would be skipped by a consumer that already reported itself up.
    /// </summary>
    public static List<TopicPartitionOffset> AtEnd<TKey, TValue>(
        IConsumer<TKey, TValue> consumer, List<TopicPartition> partitions, Action<string> failed)
    {
        var positions = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            try
            {
                positions.Add(new TopicPartitionOffset(partition, consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).High));
            }
            catch (KafkaException ex)
            {
                failed(ex.Error.Reason);
                positions.Add(new TopicPartitionOffset(partition, Offset.End));
            }
        }

        return positions;
    }
}
