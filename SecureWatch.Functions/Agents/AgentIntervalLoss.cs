using SecureWatch.Core.Agents;

namespace SecureWatch.Functions.Agents;

/// <summary>
/// What was lost between two consecutive reports of one agent. Counters are totals since the agent started: when they
/// go backwards the agent restarted, and the new report's totals are the interval's.
/// </summary>
public readonly record struct AgentIntervalLoss(double DropRate, double RecordDropRate)
{
    public bool Dropping => DropRate > AgentStates.DroppingRate || RecordDropRate > AgentStates.DroppingRate;

    public static AgentIntervalLoss Between(AgentHeartbeat? previous, AgentHeartbeat current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var since = previous is null || current.PacketsRead < previous.PacketsRead
            || (current.RecordsEnqueued ?? 0) < (previous.RecordsEnqueued ?? 0)
            ? new AgentHeartbeat()
            : previous;
        var read = Delta(current.PacketsRead, since.PacketsRead);
        var dropped = Delta(current.KernelDrops, since.KernelDrops) + Delta(current.InterfaceDrops, since.InterfaceDrops);
        var enqueued = Delta(current.RecordsEnqueued, since.RecordsEnqueued);
        var refused = Delta(current.RecordsDropped, since.RecordsDropped);
        var failed = Delta(current.RecordsFailed, since.RecordsFailed);
        return new AgentIntervalLoss(Share(dropped, read + dropped), Share(refused + failed, enqueued + refused));
    }

    // pcap_stats counters of a reopened capture start again from zero; a decrease is never a negative loss.
    private static long Delta(long? current, long? previous) => Math.Max(0, (current ?? 0) - (previous ?? 0));

    private static double Share(long part, long whole) => whole <= 0 ? 0 : Math.Min(1, (double)part / whole);
}
