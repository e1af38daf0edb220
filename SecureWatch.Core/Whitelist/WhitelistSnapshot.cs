using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;

namespace SecureWatch.Core.Whitelist;

/// <summary>
/// An immutable, in-memory index of the active whitelist entries. Lookups allocate nothing and never touch the
/// database; when entries change, build a new snapshot and hand it to <see cref="WhitelistMatcher.Replace"/>.
/// </summary>
/// <remarks>
/// IPv4 and IPv6 are kept apart and IPv4-mapped IPv6 addresses are looked up as IPv4. Consequently an IPv6 entry never
/// matches IPv4 traffic, even one such as ::/0 whose text spans the ::ffff:0:0/96 block: such traffic is IPv4 and is
/// whitelisted by IPv4 entries only. This agrees with PostgreSQL, where <c>'::/0' &gt;&gt;= '10.0.0.1'</c> is false;
/// unlike PostgreSQL, ::ffff:10.0.0.1 (as a dual-stack socket reports an IPv4 peer) matches 10.0.0.0/8.
/// </remarks>
public sealed class WhitelistSnapshot
{
    private const uint IPv4MappedMarker = 0xFFFF;

    private readonly AddressRangeTable<uint> _ipv4;
    private readonly AddressRangeTable<UInt128> _ipv6;
    private readonly FrozenDictionary<long, IPNetwork> _networks;

    private WhitelistSnapshot(
        AddressRangeTable<uint> ipv4, AddressRangeTable<UInt128> ipv6, int entryCount, FrozenDictionary<long, IPNetwork> networks)
    {
        _ipv4 = ipv4;
        _ipv6 = ipv6;
        _networks = networks;
        EntryCount = entryCount;
    }

    /// <summary>A snapshot that allows nothing.</summary>
    public static WhitelistSnapshot Empty { get; } =
        new(AddressRangeTable<uint>.Empty, AddressRangeTable<UInt128>.Empty, 0, FrozenDictionary<long, IPNetwork>.Empty);

    /// <summary>Number of entries the snapshot was built from, duplicates included.</summary>
    public int EntryCount { get; }

    /// <summary>Number of disjoint address ranges the entries flattened into (diagnostics).</summary>
    public int RangeCount => _ipv4.RangeCount + _ipv6.RangeCount;

    /// <summary>
    /// Builds a snapshot from the active entries. Networks are normalised as <see cref="WhitelistNetwork.TryNormalize"/>
    /// does, so an IPv4-mapped network read back from the database still matches IPv4 traffic. When the same network
    /// appears twice, the lower id is reported.
    /// </summary>
    /// <exception cref="ArgumentException">An entry's network is unset or cannot be normalised.</exception>
    public static WhitelistSnapshot Build(IEnumerable<(long Id, IPNetwork Network)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var ipv4 = new List<NetworkRange<uint>>();
        var ipv6 = new List<NetworkRange<UInt128>>();
        var count = 0;
        var networks = new Dictionary<long, IPNetwork>();
        foreach (var (id, candidate) in entries)
        {
            if (!WhitelistNetwork.TryNormalize(candidate, out var network, out var error))
            {
                throw new ArgumentException($"Whitelist entry {id}: {error}", nameof(entries));
            }

            if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            {
                var start = AddressBits.ToUInt32(network.BaseAddress);
                ipv4.Add(new(start, start | AddressBits.HostMask32(network.PrefixLength), id));
            }
            else
            {
                var start = AddressBits.ToUInt128(network.BaseAddress);
                ipv6.Add(new(start, start | AddressBits.HostMask128(network.PrefixLength), id));
            }

            networks[id] = network;
            count++;
        }

        return new(AddressRangeTable<uint>.Build([.. ipv4]), AddressRangeTable<UInt128>.Build([.. ipv6]), count, networks.ToFrozenDictionary());
    }

    /// <summary>The canonical network of an entry of this snapshot.</summary>
    public bool TryGetNetwork(long entryId, out IPNetwork network) => _networks.TryGetValue(entryId, out network);

    /// <summary>Whether any entry contains the address.</summary>
    public bool IsAllowed(IPAddress address) => TryMatch(address, out _);

    /// <summary>Finds the most specific entry (longest prefix) containing the address.</summary>
    public bool TryMatch(IPAddress address, out long entryId)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            entryId = 0;
            return false;
        }

        return TryMatch(bytes[..written], out entryId);
    }

    /// <summary>
    /// Finds the most specific entry containing an address given as its 4 or 16 network-order bytes, as found in a
    /// packet header.
    /// </summary>
    public bool TryMatch(ReadOnlySpan<byte> addressBytes, out long entryId)
    {
        switch (addressBytes.Length)
        {
            case 4:
                return _ipv4.TryFind(BinaryPrimitives.ReadUInt32BigEndian(addressBytes), out entryId);
            case 16:
                var value = BinaryPrimitives.ReadUInt128BigEndian(addressBytes);
                return (value >> 32) == IPv4MappedMarker
                    ? _ipv4.TryFind((uint)value, out entryId)
                    : _ipv6.TryFind(value, out entryId);
            default:
                throw new ArgumentException("An address has 4 (IPv4) or 16 (IPv6) bytes.", nameof(addressBytes));
        }
    }
}
