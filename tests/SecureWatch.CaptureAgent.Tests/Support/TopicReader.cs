using System.Text;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Traffic;
using SecureWatch.Testing;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Reads back what the agent published: every record of a topic with its key.</summary>
internal static class TopicReader
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Reads until at least <paramref name="atLeast"/> messages came and the topic stayed quiet for a second.</summary>
    public static List<(string Key, TrafficRecord Record)> Read(string bootstrapServers, string topic, long atLeast)
    {
        var clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = bootstrapServers, ClientId = "capture-tests" });
        return [.. KafkaTopicReader.ReadAll(clients, topic, atLeast, TimeSpan.FromSeconds(1), Patience)
            .Select(m => (Encoding.UTF8.GetString(m.Message.Key!), TrafficRecordJson.Deserialize(m.Message.Value)))];
    }
}
