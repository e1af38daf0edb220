namespace SecureWatch.CaptureAgent.Capture;

/// <summary>What a capture run saw and did; logged periodically and written at the end.</summary>
internal sealed record CaptureSummary
{
    public required string Source { get; init; }

    public required int LinkType { get; init; }

    public long PacketsRead { get; init; }

    public long PacketsDecoded { get; init; }

    /// <summary>Packets skipped, by reason (truncated, malformed, not IP, ...).</summary>
    public required IReadOnlyDictionary<string, long> PacketsSkipped { get; init; }

    /// <summary>libpcap's counters (live capture only).</summary>
    public long? PcapReceived { get; init; }

    public long? PcapDropped { get; init; }

    public long? PcapInterfaceDropped { get; init; }

    public long FlowsCreated { get; init; }

    public long FlowsEvicted { get; init; }

    public int FlowsActive { get; init; }

    public long ActiveTimeoutSlices { get; init; }

    public long WrongFragments { get; init; }

    public long RecordsPublished { get; init; }

    /// <summary>Delivery counters of the Kafka output; absent for JSON-lines output.</summary>
    public Output.KafkaPublishCounters? Kafka { get; init; }
}
