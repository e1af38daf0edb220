namespace SecureWatch.Core.SelfHealing;

/// <summary>
/// When a scored record matches (category, probability, data source, sender), take these actions.
/// Empty lists match anything; with no categories the rule matches any record judged an attack.
/// Mutable with a parameterless constructor so that it binds from configuration.
/// </summary>
public sealed class SelfHealingRule
{
    public string Id { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;

    /// <summary>Category names (normal, dos, probe, r2l, u2r).</summary>
    public List<string> Categories { get; set; } = [];

    public double MinProbability { get; set; } = 0.5;

    public List<string> DataSources { get; set; } = [];

    public List<string> Senders { get; set; } = [];

    /// <summary>Action names: alert, rate_limit_sender, quarantine_provider, block_source.</summary>
    public List<string> Actions { get; set; } = [];

    /// <summary>How long a block or rate limit lasts; it lifts by itself afterwards.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether block_source may target the traffic's flow.src_ip when the record has no verified sender (internal and
    /// captured traffic). Off by default: flow addresses are what a producer writes, not who it is. External records
    /// only ever block their verified sender.
    /// </summary>
    public bool BlockFlowSource { get; set; }

    /// <summary>Overrides the engine-wide dry-run setting for this rule when set.</summary>
    public bool? DryRun { get; set; }
}
