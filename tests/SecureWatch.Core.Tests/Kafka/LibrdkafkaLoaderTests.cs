using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using Xunit.Abstractions;

namespace SecureWatch.Core.Tests.Kafka;

public sealed class LibrdkafkaLoaderTests(ITestOutputHelper output)
{
    [Fact]
    public void LoadingTwiceNamesTheRedistLibraryConfluentLoaded()
    {
        var first = LibrdkafkaLoader.EnsureLoaded();
        var second = LibrdkafkaLoader.EnsureLoaded();

        Assert.Equal(first, second);
        Assert.Equal(first, LibrdkafkaLoader.LoadedPath);

        // The redist's builds sit under runtimes/<rid>/native next to the test assembly, never in /usr/lib.
        Assert.StartsWith(AppContext.BaseDirectory, first, StringComparison.Ordinal);
        Assert.StartsWith("2.16.", Library.VersionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterTheMockClusterRunsAndAProducerDeliversOnlyOneLibrdkafkaIsMapped()
    {
        using var cluster = new MockKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("single-copy", partitions: 1);
        var clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = cluster.BootstrapServers });
        using (var producer = clients.CreateProducerBuilder<Null, string>().Build())
        {
            var report = await producer.ProduceAsync("single-copy", new Message<Null, string> { Value = "one" })
                .WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }

        var mapped = LibrdkafkaLoader.MappedLibrdkafkaFiles();
        output.WriteLine($"librdkafka {Library.VersionString} mapped from: {string.Join(", ", mapped)}");

        Assert.Equal([LibrdkafkaLoader.LoadedPath!], mapped);
    }
}
