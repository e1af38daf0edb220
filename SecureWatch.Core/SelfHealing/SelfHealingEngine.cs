using System.Net;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.SelfHealing;

/// <summary>
/// Turns scored records into self-healing decisions by the configured rules and keeps the resulting state:
/// blocked sources and rate-limited senders (both lifting by themselves after the rule's TTL) and
/// quarantined providers (until undone). In-memory: persistence sits on top, storing the returned decisions,
/// calling <see cref="Undo"/> and feeding back what other instances decided through <see cref="Synchronize"/>.
/// Thread-safe.
/// </summary>
public sealed class SelfHealingEngine
{
    private readonly SelfHealingOptions _options;
    private readonly TimeProvider _time;
    private readonly (SelfHealingRule Rule, AttackCategory[] Categories, SelfHealingAction[] Actions)[] _rules;
    private readonly Dictionary<Guid, SelfHealingDecision> _undoable = [];
    private readonly Dictionary<string, Guid> _quarantined = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly IPNetwork[] _protected;
    private long _protectedSkips;

    public SelfHealingEngine(SelfHealingOptions options, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _time = time;
        _rules = [.. options.Rules.Where(r => r.Enabled).Select(r => (
            r,
            r.Categories.Select(c => AttackCategoryNames.TryParse(c, out var category) ? category : AttackCategory.Normal).ToArray(),
            r.Actions.Select(a => SelfHealingActionNames.TryParse(a, out var action) ? action : SelfHealingAction.Alert).ToArray()))];
        _protected = [.. SelfHealingOptions.AlwaysProtected.Concat(options.NeverBlock).Select(WhitelistNetwork.Parse)];
        BlockedSources = new ExpiringBlocklist(time);
        RateLimitedSenders = new ExpiringBlocklist(time);
    }

    public ExpiringBlocklist BlockedSources { get; }

    public ExpiringBlocklist RateLimitedSenders { get; }

    /// <summary>Block and rate-limit decisions not made because their target is protected (loopback, NeverBlock).</summary>
    public long ProtectedSkips => Interlocked.Read(ref _protectedSkips);

    public bool IsQuarantined(string sender)
    {
        lock (_lock)
        {
            return _quarantined.ContainsKey(sender);
        }
    }

    public IReadOnlyList<string> QuarantinedProviders()
    {
        lock (_lock)
        {
            return [.. _quarantined.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Decisions for one record, in rule order. Applied (non-dry-run) effects already in force are not
    /// decided again, so a flood of records from one source yields one block, not thousands.
    /// </summary>
    public IReadOnlyList<SelfHealingDecision> Evaluate(ScoredRecord record)
    {
        var decisions = new List<SelfHealingDecision>();
        var prediction = record.Prediction;
        var now = _time.GetUtcNow();
        foreach (var (rule, categories, actions) in _rules)
        {
            if (!Matches(rule, categories, record))
            {
                continue;
            }

            var dryRun = rule.DryRun ?? _options.DryRun;
            foreach (var action in actions)
            {
                var target = action switch
                {
                    SelfHealingAction.BlockSource => record.SenderVerified ? record.Sender : rule.BlockFlowSource ? record.SourceAddress : null,
                    SelfHealingAction.RateLimitSender => record.SenderKey ?? record.Sender,
                    _ => record.Sender,
                };
                if (string.IsNullOrWhiteSpace(target))
                {
                    continue;
                }

                if (action is SelfHealingAction.BlockSource or SelfHealingAction.RateLimitSender && IsProtected(target))
                {
                    Interlocked.Increment(ref _protectedSkips);
                    continue;
                }

                DateTimeOffset? expiresAt = action is SelfHealingAction.BlockSource or SelfHealingAction.RateLimitSender ? now + rule.Ttl : null;
                var decision = new SelfHealingDecision(
                    Guid.NewGuid(), rule.Id, action, target, dryRun, prediction.Category, prediction.AttackProbability, now, expiresAt);
                if (dryRun || Apply(decision))
                {
                    decisions.Add(decision);
                }
            }
        }

        return decisions;
    }

    /// <summary>Reverses an applied decision: unblocks, lifts the rate limit or restores the provider.</summary>
    public bool Undo(Guid decisionId)
    {
        lock (_lock)
        {
            return UndoLocked(decisionId);
        }
    }

    /// <summary>
    /// Merges the stored effects of every instance: those still in force hold here too (enforced, and not decided
    /// again), undone ones are lifted. Effects decided here and not yet stored are kept, so a reload racing a batch
    /// loses nothing; when two instances blocked the same target, the target stays blocked until both are undone.
    /// </summary>
    public void Synchronize(IEnumerable<SelfHealingDecision> inForce, IEnumerable<Guid> undone)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentNullException.ThrowIfNull(undone);
        lock (_lock)
        {
            foreach (var id in undone)
            {
                UndoLocked(id);
            }

            foreach (var decision in inForce.Where(d => !d.DryRun && d.Action != SelfHealingAction.Alert))
            {
                Enforce(decision);
                _undoable[decision.Id] = decision;
            }

            PruneExpired(_time.GetUtcNow());
        }
    }

    private bool UndoLocked(Guid decisionId)
    {
        if (!_undoable.Remove(decisionId, out var decision))
        {
            return false;
        }

        return decision.Action switch
        {
            SelfHealingAction.BlockSource => BlockedSources.Remove(decisionId),
            SelfHealingAction.RateLimitSender => RateLimitedSenders.Remove(decisionId),
            SelfHealingAction.QuarantineProvider => _quarantined.TryGetValue(decision.Target, out var id) && id == decisionId &&
                _quarantined.Remove(decision.Target),
            _ => false,
        };
    }

    /// <summary>Whether the target (an address or a network) lies inside a protected network.</summary>
    private bool IsProtected(string target) =>
        WhitelistNetwork.TryParse(target, out var network, out _)
            && _protected.Any(p => p.BaseAddress.AddressFamily == network.BaseAddress.AddressFamily
                && p.PrefixLength <= network.PrefixLength && p.Contains(network.BaseAddress));

    private static bool Matches(SelfHealingRule rule, AttackCategory[] categories, ScoredRecord record)
    {
        var prediction = record.Prediction;
        var categoryMatches = categories.Length == 0 ? prediction.IsAttack : categories.Contains(prediction.Category);
        return categoryMatches &&
            prediction.AttackProbability >= rule.MinProbability &&
            (rule.DataSources.Count == 0 || rule.DataSources.Contains(record.DataSource, StringComparer.OrdinalIgnoreCase)) &&
            (rule.Senders.Count == 0 || rule.Senders.Contains(record.Sender, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Puts the decision into force; false if the same effect is already in force.</summary>
    private bool Apply(SelfHealingDecision decision)
    {
        lock (_lock)
        {
            if (decision.Action == SelfHealingAction.Alert)
            {
                return true;
            }

            var list = ListFor(decision.Action);
            if (list?.Contains(decision.Target) == true || !Enforce(decision))
            {
                return false;
            }

            PruneExpired(decision.DecidedAt);
            _undoable[decision.Id] = decision;
            return true;
        }
    }

    /// <summary>Adds the effect (a block or rate limit keeps the later deadline); false if a quarantine was already in force.</summary>
    private bool Enforce(SelfHealingDecision decision)
    {
        if (ListFor(decision.Action) is { } list)
        {
            list.Add(new BlocklistEntry(decision.Target, decision.Id, decision.RuleId, decision.DecidedAt, decision.ExpiresAt!.Value));
            return true;
        }

        return decision.Action == SelfHealingAction.QuarantineProvider && _quarantined.TryAdd(decision.Target, decision.Id);
    }

    private ExpiringBlocklist? ListFor(SelfHealingAction action) => action switch
    {
        SelfHealingAction.BlockSource => BlockedSources,
        SelfHealingAction.RateLimitSender => RateLimitedSenders,
        _ => null,
    };

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var expired in _undoable.Values.Where(d => d.ExpiresAt <= now).Select(d => d.Id).ToList())
        {
            _undoable.Remove(expired);
        }
    }
}
