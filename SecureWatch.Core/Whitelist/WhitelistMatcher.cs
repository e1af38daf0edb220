using System.Net;

namespace SecureWatch.Core.Whitelist;

/// <summary>
/// The live whitelist: holds the current <see cref="WhitelistSnapshot"/> and swaps it atomically when the entries
/// change. Readers never lock; a lookup sees either the old or the new snapshot, never a mix.
/// </summary>
public sealed class WhitelistMatcher
{
    private WhitelistSnapshot _current;

    public WhitelistMatcher()
        : this(WhitelistSnapshot.Empty)
    {
    }

    public WhitelistMatcher(WhitelistSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The snapshot in force. Hold on to it to answer several lookups from one consistent state.</summary>
    public WhitelistSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Puts a new snapshot in force and returns the one it replaced.</summary>
    public WhitelistSnapshot Replace(WhitelistSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Interlocked.Exchange(ref _current, snapshot);
    }

    /// <inheritdoc cref="WhitelistSnapshot.IsAllowed"/>
    public bool IsAllowed(IPAddress address) => Current.IsAllowed(address);

    /// <inheritdoc cref="WhitelistSnapshot.TryMatch(IPAddress, out long)"/>
    public bool TryMatch(IPAddress address, out long entryId) => Current.TryMatch(address, out entryId);
}
