namespace SecureWatch.Core.SelfHealing;

/// <summary>
/// Targets blocked until a deadline. Expiry needs no timer: an entry past its deadline (by the injected
/// <see cref="TimeProvider"/>) is simply not blocking and is dropped on the next read. Thread-safe.
/// Used for source blocks and for sender rate limits alike.
/// </summary>
public sealed class ExpiringBlocklist
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, BlocklistEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public ExpiringBlocklist(TimeProvider time) => _time = time;

    public bool Contains(string target)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(target, out var entry))
            {
                return false;
            }

            if (entry.ExpiresAt > _time.GetUtcNow())
            {
                return true;
            }

            _entries.Remove(target);
            return false;
        }
    }

    /// <summary>Adds or extends; an existing entry keeps the later deadline.</summary>
    public BlocklistEntry Add(BlocklistEntry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Target, out var existing) && existing.ExpiresAt > _time.GetUtcNow() &&
                existing.ExpiresAt >= entry.ExpiresAt)
            {
                return existing;
            }

            _entries[entry.Target] = entry;
            return entry;
        }
    }

    /// <summary>Removes the entry a decision created; false if it expired, was replaced or is unknown.</summary>
    public bool Remove(Guid decisionId)
    {
        lock (_lock)
        {
            var match = _entries.Values.FirstOrDefault(e => e.DecisionId == decisionId);
            return match is not null && _entries.Remove(match.Target);
        }
    }

    /// <summary>The entries still in force, for display and persistence.</summary>
    public IReadOnlyList<BlocklistEntry> ActiveEntries()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var expired in _entries.Values.Where(e => e.ExpiresAt <= now).ToList())
            {
                _entries.Remove(expired.Target);
            }

            return [.. _entries.Values.OrderBy(e => e.ExpiresAt).ThenBy(e => e.Target, StringComparer.Ordinal)];
        }
    }
}
