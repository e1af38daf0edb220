using System.Diagnostics;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Testing;

/// <summary>Reads back every message of a topic from the beginning of each partition, without a consumer group commit.</summary>
public static class KafkaTopicReader
{
    /// <summary>
    /// Reads until at least <paramref name="atLeast"/> messages came and the topic then stayed quiet for
    /// <paramref name="quietFor"/>, or until <paramref name="patience"/> ran out (the caller asserts on the count).
    /// </summary>
    public static List<ConsumeResult<byte[]?, byte[]>> ReadAll(
        KafkaClientFactory clients, string topic, long atLeast, TimeSpan quietFor, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(clients);
        int partitions;
        using (var admin = clients.CreateAdminClient())
        {
            partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single().Partitions.Count;
        }

        using var consumer = clients.CreateConsumerBuilder<byte[]?, byte[]>($"reader-{Guid.NewGuid():N}").Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var received = new List<ConsumeResult<byte[]?, byte[]>>();
        var clock = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while (clock.Elapsed < patience && (received.Count < atLeast || quiet.Elapsed < quietFor))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                received.Add(result);
                quiet.Restart();
            }
        }

        consumer.Close();
        return received;
    }
}
