using SecureWatch.Core.Agents;

namespace SecureWatch.Functions.Agents;

/// <summary>Checks a heartbeat before it is stored; answers the first broken rule as (field, reason).</summary>
internal static class AgentHeartbeatValidator
{
    public const double MinIntervalSeconds = 0.1;
    public const double MaxIntervalSeconds = 3600;
    private const int MaxVersionLength = 64;
    private const int MaxInterfaceLength = 64;
    private const int MaxFilterLength = 4096;

    public static bool TryValidate(string name, AgentHeartbeat report, out string field, out string reason)
    {
        (field, reason) = Check(name, report) ?? ("", "");
        return field.Length == 0;
    }

    private static (string Field, string Reason)? Check(string name, AgentHeartbeat report)
    {
        if (!AgentNames.IsValid(name))
        {
            return ("name", $"'{Shorten(name)}' is not an agent name: use {AgentNames.Rule}");
        }

        if (string.IsNullOrWhiteSpace(report.Version) || report.Version.Length > MaxVersionLength)
        {
            return ("version", $"required, at most {MaxVersionLength} characters");
        }

        if (report.Interface?.Length > MaxInterfaceLength)
        {
            return ("interface", $"at most {MaxInterfaceLength} characters");
        }

        if (report.BpfFilter?.Length > MaxFilterLength)
        {
            return ("bpf_filter", $"at most {MaxFilterLength} characters");
        }

        if (report.LinkType is < 0 or > ushort.MaxValue)
        {
            return ("link_type", "a libpcap link type (0 to 65535)");
        }

        if (double.IsNaN(report.IntervalSeconds) || report.IntervalSeconds is < MinIntervalSeconds or > MaxIntervalSeconds)
        {
            return ("interval_seconds", $"required, from {MinIntervalSeconds} to {MaxIntervalSeconds}");
        }

        if (report.KafkaState is not null && !AgentKafkaStates.All.Contains(report.KafkaState, StringComparer.Ordinal))
        {
            return ("kafka_state", $"one of {string.Join(", ", AgentKafkaStates.All)}, or null without Kafka output");
        }

        foreach (var (counter, value) in Counters(report))
        {
            if (value < 0)
            {
                return (counter, "a count, not negative");
            }
        }

        return null;
    }

    private static IEnumerable<(string, long?)> Counters(AgentHeartbeat r) =>
    [
        ("packets_read", r.PacketsRead), ("packets_decoded", r.PacketsDecoded), ("packets_skipped", r.PacketsSkipped),
        ("kernel_drops", r.KernelDrops), ("interface_drops", r.InterfaceDrops), ("flows_active", r.FlowsActive),
        ("flows_evicted", r.FlowsEvicted), ("records_enqueued", r.RecordsEnqueued), ("records_delivered", r.RecordsDelivered),
        ("records_dropped", r.RecordsDropped), ("records_failed", r.RecordsFailed), ("records_pending", r.RecordsPending),
    ];

    // The name is echoed in the problem; a long one is cut, not repeated whole.
    private static string Shorten(string text) => text.Length <= AgentNames.MaxLength ? text : text[..AgentNames.MaxLength] + "…";
}
