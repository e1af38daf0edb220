using SecureWatch.Core.Pipeline;
using SecureWatch.Core.SelfHealing;

namespace SecureWatch.Core.Persistence.Traffic;

/// <summary>A new traffic_data row and the self-healing decisions taken for it.</summary>
internal sealed record TrafficRow(AcceptedRecord Accepted, long TrafficId, IReadOnlyList<SelfHealingDecision> Decisions)
{
    /// <summary>The strongest decision's action name (block_source > quarantine_provider > rate_limit_sender > alert).</summary>
    /// <summary>The alert an attack row joined (set by the alert grouping before the row is written).</summary>
    public long? AlertId { get; set; }

    public string? ResponseAction => Decisions.Count == 0 ? null : Decisions.Max(d => d.Action).ToName();
}
