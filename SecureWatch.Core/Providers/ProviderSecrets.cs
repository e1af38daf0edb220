using System.Collections.Frozen;

namespace SecureWatch.Core.Providers;

/// <summary>
/// Signing secrets of the whitelist entries that have one, by entry id, decrypted in memory. An entry whose stored
/// secret cannot be decrypted (no or another key) is kept with an empty secret, so its records fail verification
/// instead of being accepted unsigned.
/// </summary>
public sealed class ProviderSecrets
{
    private FrozenDictionary<long, byte[]> _secrets = FrozenDictionary<long, byte[]>.Empty;

    public int Count => Volatile.Read(ref _secrets).Count;

    /// <summary>True when the entry has a secret; <paramref name="secret"/> is empty when it could not be decrypted.</summary>
    public bool TryGet(long entryId, out byte[] secret) => Volatile.Read(ref _secrets).TryGetValue(entryId, out secret!);

    public void Replace(IEnumerable<KeyValuePair<long, byte[]>> entries) =>
        Volatile.Write(ref _secrets, entries.ToFrozenDictionary());
}
