namespace SecureWatch.CaptureAgent.Output;

/// <summary>What the Kafka output did with the records it was given; logged with the statistics and in the summary.</summary>
internal sealed record KafkaPublishCounters
{
    public required string Topic { get; init; }

    /// <summary>Records accepted into the queue between capture and publisher.</summary>
    public long Enqueued { get; init; }

    /// <summary>Records the brokers acknowledged (acks=all).</summary>
    public long Delivered { get; init; }

    /// <summary>Records refused because the queue between capture and publisher was full; never enqueued.</summary>
    public long Dropped { get; init; }

    /// <summary>Records Kafka reported as failed (a fatal producer error, or message.timeout.ms expired).</summary>
    public long Failed { get; init; }

    /// <summary>Enqueued but neither delivered nor failed yet: the backlog during a broker outage.</summary>
    public long Pending { get; init; }

    /// <summary>After shutdown: records still pending when the flush timeout ran out. Null while running.</summary>
    public long? Undelivered { get; init; }
}
