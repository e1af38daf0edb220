using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Core.Tests.Kafka;

public sealed class KafkaClientFactoryTests
{
    private static KafkaOptions Bind(Dictionary<string, string?> settings) =>
        KafkaOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void OptionsBindFromTheKafkaSection()
    {
        var options = Bind(new()
        {
            ["Kafka:BootstrapServers"] = "kafka-1:9093,kafka-2:9093",
            ["Kafka:SecurityProtocol"] = "SaslSsl",
            ["Kafka:SaslMechanism"] = "ScramSha512",
            ["Kafka:SaslUsername"] = "securewatch",
            ["Kafka:SaslPassword"] = "s3cret",
            ["Kafka:ClientId"] = "sensor-7",
        });

        Assert.Equal("kafka-1:9093,kafka-2:9093", options.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, options.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, options.SaslMechanism);
        Assert.Equal("securewatch", options.SaslUsername);
        Assert.Equal("s3cret", options.SaslPassword);
        Assert.Equal("sensor-7", options.ClientId);
    }

    [Fact]
    public void AMissingSectionMeansNoExternalKafka()
    {
        var options = Bind([]);

        Assert.False(options.HasBootstrapServers);
        Assert.Throws<ArgumentException>(() => new KafkaClientFactory(options));
    }

    [Fact]
    public void EveryClientCarriesTheConnectionSettings()
    {
        var factory = new KafkaClientFactory(new KafkaOptions
        {
            BootstrapServers = "kafka-1:9093",
            SecurityProtocol = SecurityProtocol.SaslSsl,
            SaslMechanism = SaslMechanism.Plain,
            SaslUsername = "securewatch",
            SaslPassword = "s3cret",
            ClientId = "sensor-7",
        });

        ClientConfig[] configs =
            [factory.CreateIdempotentProducerConfig(), factory.CreateConsumerConfig("scoring"), factory.CreateAdminClientConfig()];

        Assert.All(configs, config =>
        {
            Assert.Equal("kafka-1:9093", config.BootstrapServers);
            Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
            Assert.Equal(SaslMechanism.Plain, config.SaslMechanism);
            Assert.Equal("securewatch", config.SaslUsername);
            Assert.Equal("s3cret", config.SaslPassword);
            Assert.StartsWith("sensor-7-", config.ClientId, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void DeliverySemanticsAreFixedByTheFactory()
    {
        var factory = new KafkaClientFactory(new KafkaOptions { BootstrapServers = "kafka-1:9092" });

        var producer = factory.CreateIdempotentProducerConfig();
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Acks.All, producer.Acks);
        Assert.True(producer.MaxInFlight <= 5);

        var consumer = factory.CreateConsumerConfig("scoring");
        Assert.Equal("scoring", consumer.GroupId);
        Assert.True(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
    }

    [Fact]
    public void MutualTlsSettingsReachLibrdkafka()
    {
        // librdkafka reads the client key when the client is created, so a missing file proves the setting arrived.
        var missing = Path.Combine(Path.GetTempPath(), $"securewatch-missing-{Guid.NewGuid():N}.pem");
        var factory = new KafkaClientFactory(new KafkaOptions
        {
            BootstrapServers = "127.0.0.1:1",
            SecurityProtocol = SecurityProtocol.Ssl,
            SslCertificateLocation = missing,
            SslKeyLocation = missing,
        });

        var config = factory.CreateIdempotentProducerConfig();
        Assert.Equal(missing, config.SslKeyLocation);
        Assert.Equal(missing, config.SslCertificateLocation);
        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateProducerBuilder<byte[], byte[]>().Build().Dispose());
        Assert.StartsWith("ssl.certificate.location", error.Message, StringComparison.Ordinal);
    }
}
