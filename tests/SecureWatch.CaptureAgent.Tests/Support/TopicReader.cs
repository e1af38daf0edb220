using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Reads back what the agent published: every message of a topic, from the beginning of each partition.</summary>
internal static class TopicReader
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Reads until at least <paramref name="atLeast"/> messages came and the topic stayed quiet for a moment.</summary>
    public static List<(string Key, TrafficRecord Record)> Read(string bootstrapServers, string topic, long atLeast)
    {
        var clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = bootstrapServers, ClientId = "capture-tests" });
        int partitions;
        using (var admin = clients.CreateAdminClient())
        {
            partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single().Partitions.Count;
        }

        using var consumer = clients.CreateConsumerBuilder<byte[], byte[]>($"reader-{Guid.NewGuid():N}").Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var received = new List<(string, TrafficRecord)>();
        var clock = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while (clock.Elapsed < Patience && (received.Count < atLeast || quiet.Elapsed < TimeSpan.FromSeconds(1)))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                received.Add((Encoding.UTF8.GetString(result.Message.Key), TrafficRecordJson.Deserialize(result.Message.Value)));
                quiet.Restart();
            }
        }

        consumer.Close();
        return received;
    }
}
