using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Tests.Whitelist;

/// <summary>
/// The index against the obvious answer: scan every entry with <see cref="IPNetwork.Contains"/> and keep the longest
/// prefix (lowest id among equals). Seeded, so a failure reproduces.
/// </summary>
public sealed class WhitelistSnapshotRandomizedTests
{
    [Theory]
    [InlineData(20261121, 4000, false)]
    [InlineData(7, 3000, true)]
    [InlineData(99, 200, true)]
    public void AgreesWithABruteForceScan(int seed, int entryCount, bool crowded)
    {
        var random = new Random(seed);
        var entries = GenerateEntries(random, entryCount, crowded);
        var snapshot = WhitelistSnapshot.Build(entries);

        var hits = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var address = GenerateLookup(random, entries, crowded);
            var expected = BruteForce(entries, address);
            long? actual = snapshot.TryMatch(address, out var id) ? id : null;
            Assert.True(expected == actual, $"{address}: expected entry {expected?.ToString() ?? "none"}, got {actual?.ToString() ?? "none"}");
            hits += expected is null ? 0 : 1;
        }

        // Guards the generator: a comparison where everything (or nothing) matches proves little.
        Assert.InRange(hits, 2_000, 9_800);
    }

    private static List<(long Id, IPNetwork Network)> GenerateEntries(Random random, int count, bool crowded)
    {
        var ids = Enumerable.Range(1, count).Select(i => (long)i * 3).ToArray();
        random.Shuffle(ids);
        var entries = new List<(long Id, IPNetwork Network)>(count);
        for (var i = 0; i < count; i++)
        {
            var isIPv4 = random.NextDouble() < 0.6;
            var bits = isIPv4 ? 32 : 128;
            var sameFamily = entries.Where(e => e.Network.BaseAddress.AddressFamily == Family(isIPv4)).ToList();
            UInt128 value;
            int prefix;
            if (sameFamily.Count > 0 && random.NextDouble() < 0.35)
            {
                // Nested inside (or equal to) an existing entry, so longest-prefix choices are exercised.
                var parent = sameFamily[random.Next(sameFamily.Count)].Network;
                prefix = Math.Min(bits, parent.PrefixLength + random.Next(0, 9));
                value = ToInteger(parent.BaseAddress) | (RandomBits(random, bits) & HostMask(parent.PrefixLength, bits));
            }
            else if (crowded)
            {
                // All entries inside 10.0.0.0/16 or 2001:db8::/112: dense overlaps and duplicates.
                prefix = random.Next(bits - 16, bits + 1);
                value = (isIPv4 ? 0x0A00_0000u : new UInt128(0x2001_0DB8_0000_0000, 0)) | (RandomBits(random, bits) & 0xFFFF);
            }
            else
            {
                prefix = random.Next(isIPv4 ? 8 : 16, bits + 1);
                value = RandomBits(random, bits);
            }

            value &= ~HostMask(prefix, bits);
            entries.Add((ids[i], new IPNetwork(ToAddress(value, isIPv4), prefix)));
        }

        return entries;
    }

    private static IPAddress GenerateLookup(Random random, List<(long Id, IPNetwork Network)> entries, bool crowded)
    {
        IPAddress address;
        if (random.NextDouble() < 0.5)
        {
            var network = entries[random.Next(entries.Count)].Network;
            var isIPv4 = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
            var bits = isIPv4 ? 32 : 128;
            var start = ToInteger(network.BaseAddress);
            var end = start | HostMask(network.PrefixLength, bits);
            var max = isIPv4 ? uint.MaxValue : UInt128.MaxValue;
            var value = random.Next(5) switch
            {
                0 => start,
                1 => end,
                2 => start == 0 ? start : start - 1,
                3 => end == max ? end : end + 1,
                _ => start | (RandomBits(random, bits) & HostMask(network.PrefixLength, bits)),
            };
            address = ToAddress(value, isIPv4);
        }
        else
        {
            var isIPv4 = random.NextDouble() < 0.6;
            var value = RandomBits(random, isIPv4 ? 32 : 128);
            if (crowded)
            {
                value = (isIPv4 ? 0x0A00_0000u : new UInt128(0x2001_0DB8_0000_0000, 0)) | (value & 0x1_FFFF);
            }

            address = ToAddress(value, isIPv4);
        }

        return address.AddressFamily == AddressFamily.InterNetwork && random.NextDouble() < 0.3
            ? address.MapToIPv6()
            : address;
    }

    private static long? BruteForce(List<(long Id, IPNetwork Network)> entries, IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        (long Id, int Prefix)? best = null;
        foreach (var (id, network) in entries)
        {
            if (network.Contains(plain)
                && (best is null || network.PrefixLength > best.Value.Prefix
                    || (network.PrefixLength == best.Value.Prefix && id < best.Value.Id)))
            {
                best = (id, network.PrefixLength);
            }
        }

        return best?.Id;
    }

    private static AddressFamily Family(bool isIPv4) => isIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    private static UInt128 RandomBits(Random random, int bits)
    {
        var value = new UInt128((ulong)random.NextInt64() ^ ((ulong)random.Next() << 33), (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40));
        return bits == 128 ? value : value & uint.MaxValue;
    }

    private static UInt128 HostMask(int prefix, int bits) =>
        prefix == 0 ? (bits == 128 ? UInt128.MaxValue : uint.MaxValue) : (UInt128.One << (bits - prefix)) - 1;

    private static UInt128 ToInteger(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static IPAddress ToAddress(UInt128 value, bool isIPv4)
    {
        var bytes = new byte[isIPv4 ? 4 : 16];
        if (isIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        }

        return new IPAddress(bytes);
    }
}
