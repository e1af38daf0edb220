using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.Pipeline;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

/// <summary>
/// librdkafka 2.1+ reports a subscribed topic that does not exist as a consumer error (UnknownTopicOrPart) on every
/// metadata refresh. It is not fatal: the consumer must keep running, stay healthy and pick the topic up once created.
/// </summary>
public sealed class MissingTopicConsumerTests
{
    private const string LateTopic = "created-later";

    [Fact]
    public async Task A_consumer_of_a_topic_that_does_not_exist_yet_stays_up_and_consumes_it_once_created()
    {
        await using var bed = await StartAsync();
        var services = bed.Host.Services;
        using var producer = bed.Clients.CreateProducerBuilder<byte[]?, byte[]>().Build();
        var publisher = new KafkaPublisher(producer, services.GetRequiredService<PipelineCounters>());
        var source = new SourceSettings(DataSourceNames.InternalKafka, IsEnabled: true, LateTopic, null, null, RequireSignature: false);
        await using var consumer = new SourceConsumer(
            source, bed.Clients, services.GetRequiredService<TrafficPipeline>(), publisher,
            services.GetRequiredService<PipelineOptions>(), NullLogger.Instance);

        await WaitUntilAsync(() => Task.FromResult(consumer.Status.LastError is not null), "the missing topic to be reported");
        Assert.Contains("does not exist", consumer.Status.LastError, StringComparison.Ordinal);
        Assert.Equal("running", consumer.Status.State);
        Assert.Equal(HealthStatus.Up, consumer.Status.Status);
        Assert.Null(consumer.FatalError);

        bed.Cluster.CreateTopic(LateTopic, 4);
        bed.ProduceRecord(DataSourceNames.InternalKafka, LateTopic);
        bed.Flush();

        await WaitUntilAsync(() => Task.FromResult(consumer.Status.Records == 1), "the record on the created topic");
        Assert.Equal("running", consumer.Status.State);
        Assert.Equal(HealthStatus.Up, consumer.Status.Status);
        Assert.Null(consumer.Status.LastError);
    }
}
