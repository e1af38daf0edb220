using Confluent.Kafka;

namespace SecureWatch.Core.Kafka;

/// <summary>
/// Builds every Kafka client SecureWatch uses, so that delivery guarantees are decided in one place:
/// producers are idempotent (no loss, no duplicates across retries and broker outages) and consumers commit only
/// offsets the application stored after processing a message (at-least-once, never skipping work).
/// </summary>
public sealed class KafkaClientFactory
{
    public KafkaClientFactory(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.HasBootstrapServers)
        {
            throw new ArgumentException("Kafka:BootstrapServers is not configured.", nameof(options));
        }

        Options = options;
    }

    public KafkaOptions Options { get; }

    /// <summary>
    /// Idempotent producer: acks=all, unlimited retries within message.timeout.ms, at most 5 requests in flight
    /// (the maximum for which the broker can still guarantee ordering per partition).
    /// </summary>
    /// <remarks>
    /// Not transactional: idempotence already rules out loss and duplicates from retries, outages and broker
    /// failover, and a transaction would add a coordinator round-trip per batch. Consumers are at-least-once
    /// anyway (offsets stored after processing), so handlers must tolerate a redelivered message after a crash.
    /// Callers that need consume-transform-produce atomicity can set TransactionalId through the adjust hook;
    /// the embedded mock cluster accepts InitTransactions/BeginTransaction/CommitTransaction.
    /// </remarks>
    public ProducerConfig CreateIdempotentProducerConfig()
    {
        var config = new ProducerConfig
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            MaxInFlight = 5,
            MessageSendMaxRetries = int.MaxValue,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        };
        ApplyConnection(config, "producer");
        return config;
    }

    /// <summary>
    /// Consumer in <paramref name="groupId"/> with auto-commit on but auto offset store off: the background commit
    /// only ever sends offsets passed to <c>StoreOffset</c>, which callers do after a message is fully processed.
    /// A new group starts from the earliest message so nothing published before the first start is lost.
    /// </summary>
    public ConsumerConfig CreateConsumerConfig(string groupId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var config = new ConsumerConfig
        {
            GroupId = groupId,
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = Options.FetchWaitMaxMs,
            GroupProtocol = Options.GroupProtocol,
        };
        ApplyConnection(config, "consumer");
        return config;
    }

    public AdminClientConfig CreateAdminClientConfig()
    {
        var config = new AdminClientConfig();
        ApplyConnection(config, "admin");
        return config;
    }

    /// <summary>A producer builder over <see cref="CreateIdempotentProducerConfig"/>, with librdkafka loaded.</summary>
    public ProducerBuilder<TKey, TValue> CreateProducerBuilder<TKey, TValue>(Action<ProducerConfig>? adjust = null)
    {
        var config = CreateIdempotentProducerConfig();
        adjust?.Invoke(config);
        LibrdkafkaLoader.EnsureLoaded();
        return new ProducerBuilder<TKey, TValue>(config);
    }

    /// <summary>A consumer builder over <see cref="CreateConsumerConfig"/>, with librdkafka loaded.</summary>
    public ConsumerBuilder<TKey, TValue> CreateConsumerBuilder<TKey, TValue>(
        string groupId, Action<ConsumerConfig>? adjust = null)
    {
        var config = CreateConsumerConfig(groupId);
        adjust?.Invoke(config);
        if (config.GroupProtocol == GroupProtocol.Consumer)
        {
            // Under KIP-848 the broker owns session and heartbeat timing; librdkafka refuses or ignores the client's.
            config.SessionTimeoutMs = null;
            config.HeartbeatIntervalMs = null;
            config.PartitionAssignmentStrategy = null;
        }

        LibrdkafkaLoader.EnsureLoaded();
        return new ConsumerBuilder<TKey, TValue>(config);
    }

    public IAdminClient CreateAdminClient()
    {
        LibrdkafkaLoader.EnsureLoaded();
        return new AdminClientBuilder(CreateAdminClientConfig()).Build();
    }

    private void ApplyConnection(ClientConfig config, string role)
    {
        config.BootstrapServers = Options.BootstrapServers;
        config.SecurityProtocol = Options.SecurityProtocol;
        config.ClientId = $"{Options.ClientId}-{role}";
        if (Options.SaslMechanism is { } mechanism)
        {
            config.SaslMechanism = mechanism;
            config.SaslUsername = Options.SaslUsername;
            config.SaslPassword = Options.SaslPassword;
        }

        config.SslCaLocation = Options.SslCaLocation;
        config.SslCertificateLocation = Options.SslCertificateLocation;
        config.SslKeyLocation = Options.SslKeyLocation;
        config.SslKeyPassword = Options.SslKeyPassword;
    }
}
