namespace SecureWatch.Functions.Agents;

/// <summary>What GET /api/v1/agents says of an agent, derived from its last report and how long ago it came.</summary>
public static class AgentStates
{
    public const string Running = "running";

    /// <summary>No report for more than <see cref="MissedIntervals"/> of the agent's own intervals.</summary>
    public const string Stale = "stale";

    /// <summary>The last report was the one a clean shutdown sends.</summary>
    public const string Stopped = "stopped";

    public const int MissedIntervals = 3;

    /// <summary>Share of packets (or records) lost in one interval above which the agent counts as dropping.</summary>
    public const double DroppingRate = 0.01;
}
