using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Testing;
using static SecureWatch.Core.Tests.Kafka.KafkaTestClients;

namespace SecureWatch.Core.Tests.Kafka;

/// <summary>
/// SecureWatch's Kafka plumbing against librdkafka's mock cluster over real loopback TCP. Each test starts its
/// own cluster so fault injection in one cannot leak into another.
/// </summary>
public sealed class MockKafkaClusterTests
{
    [Fact]
    public void BrokersListenOnLoopbackOnly()
    {
        using var cluster = new MockKafkaCluster();

        var ports = cluster.BootstrapServers.Split(',')
            .Select(endpoint => endpoint.Split(':'))
            .Select(parts =>
            {
                Assert.Equal("127.0.0.1", parts[0]);
                return int.Parse(parts[1], CultureInfo.InvariantCulture);
            })
            .ToArray();
        Assert.Equal(MockKafkaCluster.DefaultBrokerCount, ports.Length);

        // /proc/net/tcp{,6} list every socket with its local address; a listener (state 0A) on any address other
        // than 127.0.0.1 for these ports would expose the embedded broker to the network.
        var listeners = new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 && fields[3] == "0A")
            .Select(fields => fields[1].Split(':'))
            .Where(local => ports.Contains(int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)))
            .Select(local => local[0])
            .ToList();
        Assert.Equal(ports.Length, listeners.Count);
        Assert.All(listeners, address => Assert.Equal("0100007F", address));
    }

    [Fact]
    public void CreatingAnExistingTopicReportsTopicAlreadyExists()
    {
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic("flows", partitions: 2, replicationFactor: 3);

        var error = Assert.Throws<KafkaException>(() => cluster.CreateTopic("flows", 2, 3));
        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Error.Code);
    }

    [Fact]
    public void FaultInjectionRejectsBrokersTheClusterDoesNotHave()
    {
        using var cluster = new MockKafkaCluster(brokerCount: 2);

        ChildProcessGate.SetBrokerDown(cluster, 2);
        cluster.SetBrokerUp(2);
        var error = Assert.Throws<KafkaException>(() => ChildProcessGate.SetBrokerDown(cluster, 3));
        Assert.Equal(ErrorCode.BrokerNotAvailable, error.Error.Code);
    }

    [Fact]
    public void MessagesArriveInAConsumerGroupWithKeysAndHeadersIntact()
    {
        const int messageCount = 200;
        const string topic = "threat-events";
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(topic, partitions: 4, replicationFactor: 3);

        using (var producer = Producer(cluster))
        {
            for (var i = 0; i < messageCount; i++)
            {
                var eventId = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(eventId, i);
                var headers = new Headers { { "event-id", eventId }, { "source", "capture-agent"u8.ToArray() } };
                producer.Produce(topic, new Message<string, string>
                {
                    Key = $"sensor-{i % 7}",
                    Value = $"event-{i}",
                    Headers = headers,
                });
            }

            Assert.Equal(0, producer.Flush(Patience));
        }

        using var consumer = Consumer(cluster, "scoring");
        consumer.Subscribe(topic);
        var received = ConsumeAtLeast(consumer, messageCount);

        Assert.Equal(messageCount, received.Count);
        Assert.Equal(messageCount, received.Select(r => r.Message.Value).Distinct().Count());
        Assert.All(received, result =>
        {
            var i = int.Parse(result.Message.Value["event-".Length..], CultureInfo.InvariantCulture);
            Assert.Equal($"sensor-{i % 7}", result.Message.Key);
            Assert.Equal(2, result.Message.Headers.Count);
            Assert.Equal(i, BinaryPrimitives.ReadInt64BigEndian(result.Message.Headers.GetLastBytes("event-id")));
            Assert.Equal("capture-agent", Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes("source")));
        });

        // Keys decide partitions: every message of one sensor landed in the same partition.
        Assert.All(received.GroupBy(r => r.Message.Key), sensor => Assert.Single(sensor.Select(r => r.Partition).Distinct()));
        consumer.Close();
    }

    [Fact]
    public void TwoConsumersInOneGroupSplitThePartitions()
    {
        const string topic = "flows";
        const int partitions = 4;
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(topic, partitions, replicationFactor: 2);

        using var first = Consumer(cluster, "scoring");
        using var second = Consumer(cluster, "scoring");
        first.Subscribe(topic);
        second.Subscribe(topic);
        var received = new Dictionary<IConsumer<string, string>, List<ConsumeResult<string, string>>>
        {
            [first] = [],
            [second] = [],
        };

        // Both must keep polling: rebalance callbacks only run inside Consume.
        void PollBoth()
        {
            foreach (var consumer in received.Keys)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } result)
                {
                    received[consumer].Add(result);
                    consumer.StoreOffset(result);
                }
            }
        }

        Assert.True(
            WaitUntil(() => first.Assignment.Count > 0 && second.Assignment.Count > 0
                && first.Assignment.Count + second.Assignment.Count == partitions, PollBoth),
            $"assignments never settled: {first.Assignment.Count} + {second.Assignment.Count}");
        Assert.Empty(first.Assignment.Intersect(second.Assignment));
        Assert.Equal(partitions, first.Assignment.Union(second.Assignment).Count());

        const int messageCount = 100;
        using (var producer = Producer(cluster))
        {
            for (var i = 0; i < messageCount; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"flow-{i}", Value = $"record-{i}" });
            }

            Assert.Equal(0, producer.Flush(Patience));
        }

        WaitUntil(() => received.Values.Sum(list => list.Count) >= messageCount, PollBoth);

        Assert.Equal(messageCount, received.Values.SelectMany(list => list).Select(r => r.Message.Value).Distinct().Count());
        foreach (var (consumer, results) in received)
        {
            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.Contains(r.TopicPartition, consumer.Assignment));
        }
    }

    [Fact]
    public void AConsumerRestartedWithoutStoringOffsetsRereadsTheUnprocessedMessages()
    {
        const string topic = "scoring-requests";
        const int processed = 10;
        const int unprocessed = 10;
        var partition = new TopicPartition(topic, 0);
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(topic, partitions: 1, replicationFactor: 3);
        using (var producer = Producer(cluster))
        {
            for (var i = 0; i < processed + unprocessed; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = "k", Value = $"request-{i}" });
            }

            Assert.Equal(0, producer.Flush(Patience));
        }

        using (var crashing = Consumer(cluster, "scoring"))
        {
            crashing.Subscribe(topic);
            var done = ConsumeAtLeast(crashing, processed, storeOffsets: true);
            Assert.Equal(processed, done.Count);

            // Auto-commit sends stored offsets in the background; wait until the broker holds them.
            Assert.True(
                WaitUntil(() => crashing.Committed([partition], TimeSpan.FromSeconds(5))[0].Offset == processed),
                "stored offsets were never committed");

            var inFlight = ConsumeAtLeast(crashing, unprocessed, storeOffsets: false);
            Assert.Equal(unprocessed, inFlight.Count);

            // Disposed without Close, as after a crash: nothing beyond the stored offsets may be committed.
        }

        using var restarted = Consumer(cluster, "scoring");
        restarted.Subscribe(topic);
        var reread = ConsumeAtLeast(restarted, unprocessed);

        Assert.Equal(
            Enumerable.Range(processed, unprocessed).Select(i => $"request-{i}"),
            reread.Select(r => r.Message.Value));
        Assert.Equal(processed, reread[0].Offset.Value);
        restarted.Close();
    }

    [Fact]
    public void IdempotentProducerDeliversEverythingExactlyOnceAcrossAFullOutage()
    {
        const string topic = "captured-flows";
        const int partitions = 3;
        const int perPhase = 50;
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(topic, partitions, replicationFactor: 3);

        using var consumer = Consumer(cluster, "scoring");
        consumer.Subscribe(topic);
        using var producer = Producer(cluster);
        var failures = new List<Error>();
        var delivered = 0;
        void ProducePhase(string phase)
        {
            for (var i = 0; i < perPhase; i++)
            {
                producer.Produce(
                    topic,
                    new Message<string, string> { Key = $"flow-{i}", Value = $"{phase}-{i}" },
                    report =>
                    {
                        lock (failures)
                        {
                            if (report.Error.IsError)
                            {
                                failures.Add(report.Error);
                            }
                            else
                            {
                                delivered++;
                            }
                        }
                    });
            }
        }

        ProducePhase("before");
        Assert.Equal(0, producer.Flush(Patience));
        var received = ConsumeAtLeast(consumer, perPhase);
        Assert.Equal(perPhase, received.Count);

        ChildProcessGate.SetAllBrokersDown(cluster);
        ProducePhase("during");

        // Keep the cluster unreachable for a few seconds while both clients keep trying; the consumer must see
        // nothing new, and the producer must hold its messages rather than fail them.
        var outageEnds = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < outageEnds)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } unexpected)
            {
                received.Add(unexpected);
            }
        }

        Assert.Equal(perPhase, received.Count);
        cluster.SetAllBrokersUp();
        ProducePhase("after");
        Assert.Equal(0, producer.Flush(Patience));

        Assert.Empty(failures);
        Assert.Equal(3 * perPhase, delivered);
        received.AddRange(ConsumeAtLeast(consumer, 2 * perPhase));
        var values = received.Select(r => r.Message.Value).ToList();
        Assert.Equal(3 * perPhase, values.Distinct().Count());
        Assert.Equal(3 * perPhase, values.Count);

        // The log itself holds no duplicate appends from retried requests.
        Assert.Equal(3 * perPhase, MessagesInLog(consumer, topic, partitions));
        consumer.Close();
    }

    [Fact]
    public async Task ProduceRequestErrorsAreRetriedUntilDelivered()
    {
        const string topic = "alerts";
        const int messageCount = 20;
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(topic, partitions: 1, replicationFactor: 3);

        // Control: a producer that may not retry gets the injected error back, which shows the injection bites.
        using var fragile = Factory(cluster).CreateProducerBuilder<string, string>(config =>
        {
            config.EnableIdempotence = false;
            config.MessageSendMaxRetries = 0;
        }).Build();
        await fragile.ProduceAsync(topic, new Message<string, string> { Key = "warm-up", Value = "warm-up" });
        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => fragile.ProduceAsync(topic, new Message<string, string> { Key = "lost", Value = "lost" }));
        Assert.Equal(ErrorCode.NotEnoughReplicas, failure.Error.Code);

        using var producer = Producer(cluster);
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "warm-up", Value = "warm-up" });

        // Connected and leader known: the next Produce requests fail, the idempotent producer must retry them.
        cluster.PushRequestErrors(
            KafkaApiKey.Produce,
            ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable);
        var reports = Enumerable.Range(0, messageCount)
            .Select(i => producer.ProduceAsync(topic, new Message<string, string> { Key = $"alert-{i}", Value = $"alert-{i}" }))
            .ToArray();
        var results = await Task.WhenAll(reports).WaitAsync(Patience);
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));

        // The non-retrying producer now succeeds: the retries above consumed every injected error.
        await fragile.ProduceAsync(topic, new Message<string, string> { Key = "after", Value = "after" });
        using var consumer = Consumer(cluster, "alerting");
        Assert.Equal(messageCount + 3, MessagesInLog(consumer, topic, partitions: 1));
    }
}
