namespace SecureWatch.CaptureAgent.Output;

/// <summary>How records are published to Kafka and how much the agent holds back during a broker outage.</summary>
internal sealed record KafkaOutputOptions
{
    public const string DefaultTopic = "captured-traffic";

    public string Topic { get; init; } = DefaultTopic;

    /// <summary>Records held between the capture loop and the publisher; more are dropped (and counted).</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>librdkafka's own backlog (queue.buffering.max.messages): records produced but not yet acknowledged.</summary>
    public int BacklogMessages { get; init; } = 100_000;

    /// <summary>How long librdkafka retries a record (message.timeout.ms); zero retries until shutdown.</summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>How long shutdown waits for the backlog to be delivered.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
