namespace SecureWatch.CaptureAgent.Cli;

internal enum AgentOutput
{
    /// <summary>JSON lines to a file or standard output, for offline use.</summary>
    Jsonl,

    /// <summary>The Kafka topic of the packet_capture source.</summary>
    Kafka,
}
