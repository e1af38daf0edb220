using Microsoft.Extensions.Configuration;
using SecureWatch.Core.Ml;

namespace SecureWatch.Core.SelfHealing;

/// <summary>
/// Self-healing configuration, bound from the "SelfHealing" configuration section. Dry-run is the default:
/// decisions are recorded but nothing is blocked, throttled or quarantined until an operator turns it off.
/// </summary>
public sealed class SelfHealingOptions
{
    public const string SectionName = "SelfHealing";

    public bool DryRun { get; set; } = true;

    public List<SelfHealingRule> Rules { get; set; } = [];

    /// <summary>
    /// Networks (or addresses) never blocked or rate-limited, besides loopback (<see cref="AlwaysProtected"/>): the
    /// service's own networks. A block_source or rate_limit_sender decision whose target falls inside one is not made.
    /// </summary>
    public List<string> NeverBlock { get; set; } = [];

    /// <summary>Protected whatever the configuration says.</summary>
    public static IReadOnlyList<string> AlwaysProtected { get; } = ["127.0.0.0/8", "::1/128"];

    public static SelfHealingOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var options = (section.Exists() ? section : configuration).Get<SelfHealingOptions>() ?? new SelfHealingOptions();
        options.Validate();
        return options;
    }

    /// <summary>Reads JSON either holding a "SelfHealing" object or being that object itself.</summary>
    public static SelfHealingOptions FromJson(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return FromConfiguration(new ConfigurationBuilder().AddJsonStream(stream).Build());
    }

    /// <summary>Throws on rules that could never work, so a bad configuration fails at start-up.</summary>
    public void Validate()
    {
        foreach (var network in NeverBlock)
        {
            if (!Whitelist.WhitelistNetwork.TryParse(network, out _, out var error))
            {
                throw new InvalidOperationException($"SelfHealing:NeverBlock: {error}");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Id) || !ids.Add(rule.Id))
            {
                throw new InvalidOperationException($"Self-healing rule ids must be present and unique ('{rule.Id}').");
            }

            if (rule.Actions.Count == 0 || rule.Actions.Any(a => !SelfHealingActionNames.TryParse(a, out _)))
            {
                throw new InvalidOperationException(
                    $"Rule {rule.Id}: actions must be alert, rate_limit_sender, quarantine_provider or block_source.");
            }

            if (rule.Categories.Any(c => !AttackCategoryNames.TryParse(c, out _)))
            {
                throw new InvalidOperationException($"Rule {rule.Id}: categories must be normal, dos, probe, r2l or u2r.");
            }

            if (rule.MinProbability is < 0 or > 1 || rule.Ttl <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Rule {rule.Id}: min probability must be in [0, 1] and the TTL positive.");
            }
        }
    }
}
