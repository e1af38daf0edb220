using System.Buffers.Binary;
using System.Net;

namespace SecureWatch.Benchmarks.Whitelist;

/// <summary>
/// The same seeded whitelist and lookup addresses for the in-memory and the PostgreSQL benchmarks: 100 k distinct
/// CIDR entries, 70 % IPv4 and 30 % IPv6, with the prefix mix of a real allow-list (mostly hosts and small subnets,
/// a few large blocks), and lookups half inside some entry and half anywhere.
/// </summary>
internal static class WhitelistBenchmarkData
{
    public const int EntryCount = 100_000;
    public const int LookupCount = 1024;
    private const int Seed = 20261121;

    private static readonly int[] IPv4Prefixes = [8, 12, 16, 16, 20, 22, 24, 24, 24, 24, 26, 28, 29, 30, 32, 32, 32, 32, 32, 32];
    private static readonly int[] IPv6Prefixes = [32, 40, 48, 48, 56, 56, 64, 64, 64, 64, 96, 112, 120, 128, 128, 128];

    private static readonly Lazy<(long Id, IPNetwork Network)[]> LazyEntries = new(GenerateEntries);
    private static readonly Lazy<IPAddress[]> LazyLookups = new(GenerateLookups);

    /// <summary>Entries with ids 1..<see cref="EntryCount"/>.</summary>
    public static (long Id, IPNetwork Network)[] Entries => LazyEntries.Value;

    public static IPAddress[] Lookups => LazyLookups.Value;

    private static (long Id, IPNetwork Network)[] GenerateEntries()
    {
        var random = new Random(Seed);
        var seen = new HashSet<IPNetwork>(EntryCount);
        var entries = new (long Id, IPNetwork Network)[EntryCount];
        var count = 0;
        while (count < EntryCount)
        {
            // Large IPv4 blocks are rare so that most random IPv4 lookups still miss.
            var network = random.NextDouble() < 0.7
                ? RandomNetwork(random, 32, random.NextDouble() < 0.0002 ? 8 : IPv4Prefixes[random.Next(2, IPv4Prefixes.Length)])
                : RandomNetwork(random, 128, IPv6Prefixes[random.Next(IPv6Prefixes.Length)]);
            if (seen.Add(network))
            {
                entries[count] = (count + 1, network);
                count++;
            }
        }

        return entries;
    }

    private static IPAddress[] GenerateLookups()
    {
        var random = new Random(Seed + 1);
        var entries = Entries;
        var lookups = new IPAddress[LookupCount];
        for (var i = 0; i < lookups.Length; i++)
        {
            if (i % 2 == 0)
            {
                var network = entries[random.Next(entries.Length)].Network;
                var bits = network.BaseAddress.GetAddressBytes().Length * 8;
                lookups[i] = ToAddress(ToInteger(network.BaseAddress) | (RandomBits(random, bits) & HostMask(network.PrefixLength, bits)), bits);
            }
            else
            {
                var bits = random.NextDouble() < 0.7 ? 32 : 128;
                var value = RandomBits(random, bits);
                if (bits == 128)
                {
                    // Keep random IPv6 lookups in global unicast space, where the entries are.
                    value = (value & (UInt128.MaxValue >> 3)) | (UInt128.One << 125);
                }

                lookups[i] = ToAddress(value, bits);
            }
        }

        return lookups;
    }

    private static IPNetwork RandomNetwork(Random random, int bits, int prefix)
    {
        var value = RandomBits(random, bits);
        if (bits == 128)
        {
            value = (value & (UInt128.MaxValue >> 3)) | (UInt128.One << 125);
        }

        return new IPNetwork(ToAddress(value & ~HostMask(prefix, bits), bits), prefix);
    }

    private static UInt128 RandomBits(Random random, int bits)
    {
        var value = new UInt128((ulong)random.NextInt64() << 1 ^ (ulong)random.Next(2), (ulong)random.NextInt64() << 1 ^ (ulong)random.Next(2));
        return bits == 128 ? value : value & uint.MaxValue;
    }

    private static UInt128 HostMask(int prefix, int bits) =>
        prefix == 0 ? (bits == 128 ? UInt128.MaxValue : uint.MaxValue) : (UInt128.One << (bits - prefix)) - 1;

    private static UInt128 ToInteger(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static IPAddress ToAddress(UInt128 value, int bits)
    {
        var bytes = new byte[bits / 8];
        if (bits == 32)
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
