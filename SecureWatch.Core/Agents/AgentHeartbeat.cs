using System.Text.Json.Serialization;

namespace SecureWatch.Core.Agents;

/// <summary>
/// What a capture agent reports every control interval (POST /api/v1/agents/{name}/heartbeat), written by the agent
/// and read by the API with the same snake_case names. Counters are totals since the agent started; the API derives
/// the interval's drop rates from two consecutive reports. Numbers must be JSON numbers (the web defaults would read
/// "5" too).
/// </summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record AgentHeartbeat
{
    public string? Version { get; init; }

    /// <summary>Whether a capture is open now (false while the source is disabled or the capture is being retried).</summary>
    public bool Capturing { get; init; }

    public string? Interface { get; init; }

    /// <summary>libpcap DLT of the last capture; null before the first.</summary>
    public int? LinkType { get; init; }

    public string? BpfFilter { get; init; }

    public long PacketsRead { get; init; }

    public long PacketsDecoded { get; init; }

    public long PacketsSkipped { get; init; }

    /// <summary>pcap_stats ps_drop: packets the kernel dropped because the capture buffer was full; null without a live capture.</summary>
    public long? KernelDrops { get; init; }

    /// <summary>pcap_stats ps_ifdrop: packets the interface or its driver dropped.</summary>
    public long? InterfaceDrops { get; init; }

    public long FlowsActive { get; init; }

    public long FlowsEvicted { get; init; }

    /// <summary>Kafka output counters (see the agent's KafkaPublishCounters); null for JSON-lines output.</summary>
    public long? RecordsEnqueued { get; init; }

    public long? RecordsDelivered { get; init; }

    public long? RecordsDropped { get; init; }

    public long? RecordsFailed { get; init; }

    public long? RecordsPending { get; init; }

    /// <summary>One of <see cref="AgentKafkaStates"/>; null for JSON-lines output.</summary>
    public string? KafkaState { get; init; }

    /// <summary>Seconds until the next report; the agent counts as stale after three of them without one.</summary>
    public double IntervalSeconds { get; init; }

    /// <summary>True for the last report of a clean shutdown.</summary>
    public bool Stopping { get; init; }
}
