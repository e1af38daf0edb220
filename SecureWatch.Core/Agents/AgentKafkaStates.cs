namespace SecureWatch.Core.Agents;

/// <summary>How the agent's Kafka output is doing, as judged from its delivery counters over one interval.</summary>
public static class AgentKafkaStates
{
    /// <summary>Nothing waits for a broker, or records were delivered during the interval.</summary>
    public const string Connected = "connected";

    /// <summary>Records are pending and none were delivered during the interval: no broker is answering.</summary>
    public const string Unreachable = "unreachable";

    public static IReadOnlyList<string> All { get; } = [Connected, Unreachable];
}
