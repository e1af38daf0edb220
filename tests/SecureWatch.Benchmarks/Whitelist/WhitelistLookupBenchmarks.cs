using System.Net;
using BenchmarkDotNet.Attributes;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Benchmarks.Whitelist;

/// <summary>
/// Whitelist lookups from memory against 100 k mixed IPv4/IPv6 CIDR entries: each lookup must allocate nothing.
/// One benchmark operation is one lookup; rebuilding the snapshot for all entries is measured alongside.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class WhitelistLookupBenchmarks
{
    private WhitelistMatcher _matcher = new();
    private IPAddress[] _lookups = [];
    private (long Id, IPNetwork Network)[] _entries = [];

    [GlobalSetup]
    public void Setup()
    {
        _entries = WhitelistBenchmarkData.Entries;
        _lookups = WhitelistBenchmarkData.Lookups;
        _matcher = new WhitelistMatcher(WhitelistSnapshot.Build(_entries));
        var hits = _lookups.Count(_matcher.IsAllowed);
        Console.WriteLine($"// Whitelist: {_entries.Length} entries, {_matcher.Current.RangeCount} ranges, {hits}/{_lookups.Length} lookups allowed");
    }

    [Benchmark(OperationsPerInvoke = WhitelistBenchmarkData.LookupCount)]
    public long InMemoryLookup()
    {
        var matcher = _matcher;
        long sum = 0;
        foreach (var address in _lookups)
        {
            if (matcher.TryMatch(address, out var id))
            {
                sum += id;
            }
        }

        return sum;
    }

    [Benchmark]
    public WhitelistSnapshot BuildSnapshot() => WhitelistSnapshot.Build(_entries);
}
