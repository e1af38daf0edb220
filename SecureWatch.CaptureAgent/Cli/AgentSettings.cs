using SecureWatch.CaptureAgent.Control;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Kafka;

namespace SecureWatch.CaptureAgent.Cli;

/// <summary>Everything one run of the agent was asked to do.</summary>
internal sealed record AgentSettings
{
    /// <summary>
    /// The capture given on the command line. When following the API, the source's settings replace its interface,
    /// filter, topic and queue capacity as soon as they are known.
    /// </summary>
    public required CaptureTarget Capture { get; init; }

    /// <summary>Whether <see cref="Capture"/> names something to capture before the API answers (--interface or --pcap).</summary>
    public bool CaptureGiven { get; init; } = true;

    public AgentOutput Output { get; init; } = AgentOutput.Jsonl;

    /// <summary>JSON-lines destination; null for standard output.</summary>
    public string? OutFile { get; init; }

    /// <summary>Connection to Kafka; set when <see cref="Output"/> is Kafka.</summary>
    public KafkaOptions? Kafka { get; init; }

    public KafkaOutputOptions KafkaOutput { get; init; } = new();

    /// <summary>Base address of the SecureWatch API to follow; null to use the command line only.</summary>
    public Uri? ControlUrl { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>The name heartbeats are reported under when following the API.</summary>
    public string AgentName { get; init; } = Environment.MachineName;

    /// <summary>Seconds between reads of the packet_capture source, and between heartbeats.</summary>
    public TimeSpan ControlInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Network namespace (name under /run/netns or a path) to capture in; null for the agent's own.</summary>
    public string? NetworkNamespace { get; init; }

    public string? SummaryFile { get; init; }

    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(30);

    public required TrackerOptions Tracker { get; init; }
}
