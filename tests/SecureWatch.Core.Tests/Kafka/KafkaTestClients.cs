using System.Diagnostics;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Core.Tests.Kafka;

/// <summary>Client settings and bounded wait loops shared by the Kafka tests.</summary>
internal static class KafkaTestClients
{
    /// <summary>Upper bound for any single wait; generous for a loaded 2-core machine, never reached when green.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static KafkaClientFactory Factory(MockKafkaCluster cluster) =>
        new(new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "securewatch-tests" });

    public static IProducer<string, string> Producer(MockKafkaCluster cluster, Action<string>? onStatistics = null)
    {
        var builder = Factory(cluster).CreateProducerBuilder<string, string>(config =>
        {
            // Reconnect quickly after an outage instead of librdkafka's 10 s maximum backoff.
            config.ReconnectBackoffMs = 50;
            config.ReconnectBackoffMaxMs = 500;
            config.RetryBackoffMs = 50;
            config.MessageTimeoutMs = (int)Patience.TotalMilliseconds;
            if (onStatistics is not null)
            {
                config.StatisticsIntervalMs = 100;
            }
        });
        if (onStatistics is not null)
        {
            builder.SetStatisticsHandler((_, json) => onStatistics(json));
        }

        return builder.Build();
    }

    public static IConsumer<string, string> Consumer(MockKafkaCluster cluster, string groupId) =>
        Factory(cluster).CreateConsumerBuilder<string, string>(groupId, config =>
        {
            // The mock lets a rebalance wait session.timeout.ms - 1 s for members that vanished without leaving;
            // a short session keeps restart scenarios to a few seconds.
            config.SessionTimeoutMs = 6000;
            config.HeartbeatIntervalMs = 500;
            config.AutoCommitIntervalMs = 200;
            config.ReconnectBackoffMs = 50;
            config.ReconnectBackoffMaxMs = 500;
        }).Build();

    /// <summary>Polls until <paramref name="condition"/> holds or <see cref="Patience"/> runs out.</summary>
    public static bool WaitUntil(Func<bool> condition, Action? eachRound = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            eachRound?.Invoke();
            if (condition())
            {
                return true;
            }

            if (eachRound is null)
            {
                Thread.Sleep(50);
            }
        }

        return condition();
    }

    /// <summary>Consumes until <paramref name="count"/> messages arrived or <see cref="Patience"/> runs out.</summary>
    public static List<ConsumeResult<string, string>> ConsumeAtLeast(
        IConsumer<string, string> consumer, int count, bool storeOffsets = true)
    {
        var received = new List<ConsumeResult<string, string>>(count);
        WaitUntil(() => received.Count >= count, () =>
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null)
            {
                received.Add(result);
                if (storeOffsets)
                {
                    consumer.StoreOffset(result);
                }
            }
        });
        return received;
    }

    /// <summary>Messages in the log of every partition of <paramref name="topic"/> (sum of high watermarks).</summary>
    public static long MessagesInLog(IConsumer<string, string> consumer, string topic, int partitions)
    {
        long total = 0;
        for (var p = 0; p < partitions; p++)
        {
            total += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        return total;
    }
}
