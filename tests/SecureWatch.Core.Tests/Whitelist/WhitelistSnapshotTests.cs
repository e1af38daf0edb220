using System.Net;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Tests.Whitelist;

public sealed class WhitelistSnapshotTests
{
    [Theory]
    [InlineData("10.0.0.0", 1L)]
    [InlineData("10.128.7.9", 1L)]
    [InlineData("10.255.255.255", 1L)]
    [InlineData("9.255.255.255", null)]
    [InlineData("11.0.0.0", null)]
    [InlineData("192.168.1.0", 2L)]
    [InlineData("192.168.1.255", 2L)]
    [InlineData("192.168.0.255", null)]
    [InlineData("192.168.2.0", null)]
    [InlineData("203.0.113.7", 3L)]
    [InlineData("203.0.113.6", null)]
    [InlineData("203.0.113.8", null)]
    [InlineData("2001:db8::", 4L)]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 4L)]
    [InlineData("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", null)]
    [InlineData("2001:db9::", null)]
    [InlineData("fe80::1", 5L)]
    [InlineData("fe80::1%3", 5L)]
    [InlineData("fe80::2", null)]
    [InlineData("::ffff:10.1.2.3", 1L)]
    [InlineData("::ffff:203.0.113.7", 3L)]
    [InlineData("::ffff:11.0.0.0", null)]
    [InlineData("::a00:1", null)]
    public void MatchesAddressesInsideTheirNetworksOnly(string address, long? expectedId)
    {
        var snapshot = Build((1, "10.0.0.0/8"), (2, "192.168.1.0/24"), (3, "203.0.113.7"), (4, "2001:db8::/32"), (5, "fe80::1"));
        AssertMatch(snapshot, address, expectedId);
    }

    [Fact]
    public void MostSpecificEntryWinsAmongNestedIPv4Networks()
    {
        var snapshot = Build((1, "10.0.0.0/8"), (2, "10.1.0.0/16"), (3, "10.1.2.0/24"), (4, "10.1.2.3"), (5, "10.1.2.128/25"));
        AssertMatch(snapshot, "10.1.2.3", 4);
        AssertMatch(snapshot, "10.1.2.2", 3);
        AssertMatch(snapshot, "10.1.2.4", 3);
        AssertMatch(snapshot, "10.1.2.0", 3);
        AssertMatch(snapshot, "10.1.2.127", 3);
        AssertMatch(snapshot, "10.1.2.128", 5);
        AssertMatch(snapshot, "10.1.2.255", 5);
        AssertMatch(snapshot, "10.1.3.0", 2);
        AssertMatch(snapshot, "10.1.1.255", 2);
        AssertMatch(snapshot, "10.1.255.255", 2);
        AssertMatch(snapshot, "10.1.0.0", 2);
        AssertMatch(snapshot, "10.2.0.0", 1);
        AssertMatch(snapshot, "10.0.255.255", 1);
        AssertMatch(snapshot, "10.255.255.255", 1);
        AssertMatch(snapshot, "11.0.0.0", null);
        AssertMatch(snapshot, "::ffff:10.1.2.3", 4);
    }

    [Fact]
    public void MostSpecificEntryWinsAmongNestedIPv6Networks()
    {
        var snapshot = Build((1, "::/0"), (2, "2001:db8::/32"), (3, "2001:db8:1::/48"), (4, "2001:db8:1::1"),
            (5, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), (6, "::"));
        AssertMatch(snapshot, "2001:db8:1::1", 4);
        AssertMatch(snapshot, "2001:db8:1::", 3);
        AssertMatch(snapshot, "2001:db8:1::2", 3);
        AssertMatch(snapshot, "2001:db8:1:ffff:ffff:ffff:ffff:ffff", 3);
        AssertMatch(snapshot, "2001:db8:2::", 2);
        AssertMatch(snapshot, "2001:db8:0:ffff:ffff:ffff:ffff:ffff", 2);
        AssertMatch(snapshot, "2001:db9::", 1);
        AssertMatch(snapshot, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 1);
        AssertMatch(snapshot, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 5);
        AssertMatch(snapshot, "::", 6);
        AssertMatch(snapshot, "::1", 1);
    }

    [Fact]
    public void EntriesAreOrderIndependent()
    {
        var entries = new[] { (3L, "10.1.2.0/24"), (1L, "10.0.0.0/8"), (4L, "10.1.2.3"), (2L, "10.1.0.0/16") };
        var forward = Build(entries);
        var backward = Build([.. entries.Reverse()]);
        foreach (var address in new[] { "10.1.2.3", "10.1.2.4", "10.1.3.0", "10.9.9.9", "11.0.0.0" })
        {
            Assert.Equal(Match(forward, address), Match(backward, address));
        }
    }

    [Fact]
    public void IPv4AllNetworkCoversEveryIPv4AddressAndNoIPv6()
    {
        var snapshot = Build((1, "0.0.0.0/0"));
        AssertMatch(snapshot, "0.0.0.0", 1);
        AssertMatch(snapshot, "255.255.255.255", 1);
        AssertMatch(snapshot, "::ffff:0.0.0.0", 1);
        AssertMatch(snapshot, "::ffff:255.255.255.255", 1);
        AssertMatch(snapshot, "::", null);
        AssertMatch(snapshot, "2001:db8::1", null);
    }

    [Fact]
    public void IPv6AllNetworkCoversEveryIPv6AddressButNotIPv4Traffic()
    {
        var snapshot = Build((1, "::/0"));
        AssertMatch(snapshot, "::", 1);
        AssertMatch(snapshot, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1);
        AssertMatch(snapshot, "::ffff:fffe:ffff:ffff", 1);
        AssertMatch(snapshot, "::fffe:ffff:ffff", 1);
        AssertMatch(snapshot, "::1:0:0:0", 1);
        AssertMatch(snapshot, "10.0.0.1", null);
        AssertMatch(snapshot, "::ffff:10.0.0.1", null);
    }

    [Fact]
    public void LastAddressOfTheSpaceIsCoveredUnderNestedNetworks()
    {
        var snapshot = Build((1, "0.0.0.0/0"), (2, "255.0.0.0/8"), (3, "255.255.255.255"), (4, "::/0"), (5, "ff00::/8"),
            (6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        AssertMatch(snapshot, "255.255.255.255", 3);
        AssertMatch(snapshot, "255.255.255.254", 2);
        AssertMatch(snapshot, "254.255.255.255", 1);
        AssertMatch(snapshot, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6);
        AssertMatch(snapshot, "ff00::", 5);
        AssertMatch(snapshot, "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 4);
    }

    [Fact]
    public void IPv4MappedEntriesMatchPlainIPv4Traffic()
    {
        var mapped = new IPNetwork(IPAddress.Parse("::ffff:10.0.0.0"), 104);
        var snapshot = WhitelistSnapshot.Build([(1, mapped)]);
        AssertMatch(snapshot, "10.20.30.40", 1);
        AssertMatch(snapshot, "::ffff:10.20.30.40", 1);
        AssertMatch(snapshot, "11.0.0.0", null);
    }

    [Fact]
    public void DuplicateNetworksReportTheLowestId()
    {
        var snapshot = Build((7, "10.0.0.0/8"), (5, "10.0.0.0/8"), (9, "::ffff:10.0.0.0/104"), (8, "10.1.0.0/16"), (6, "10.1.0.0/16"));
        AssertMatch(snapshot, "10.0.0.1", 5);
        AssertMatch(snapshot, "10.1.0.1", 6);
        Assert.Equal(5, snapshot.EntryCount);
    }

    [Fact]
    public void EmptySnapshotAllowsNothing()
    {
        foreach (var snapshot in new[] { WhitelistSnapshot.Empty, WhitelistSnapshot.Build([]) })
        {
            Assert.False(snapshot.IsAllowed(IPAddress.Parse("10.0.0.1")));
            Assert.False(snapshot.IsAllowed(IPAddress.IPv6Loopback));
            Assert.Equal(0, snapshot.EntryCount);
        }
    }

    [Fact]
    public void MatchesRawHeaderBytes()
    {
        var snapshot = Build((1, "10.0.0.0/8"), (2, "2001:db8::/32"));
        Assert.True(snapshot.TryMatch([10, 1, 2, 3], out var id));
        Assert.Equal(1, id);
        Assert.True(snapshot.TryMatch(IPAddress.Parse("::ffff:10.1.2.3").GetAddressBytes(), out id));
        Assert.Equal(1, id);
        Assert.True(snapshot.TryMatch(IPAddress.Parse("2001:db8::5").GetAddressBytes(), out id));
        Assert.Equal(2, id);
        Assert.False(snapshot.TryMatch([11, 0, 0, 0], out _));
        Assert.Throws<ArgumentException>(() => snapshot.TryMatch([1, 2, 3], out _));
    }

    [Fact]
    public void MatcherSwapsSnapshots()
    {
        var matcher = new WhitelistMatcher();
        var address = IPAddress.Parse("10.1.2.3");
        Assert.False(matcher.IsAllowed(address));

        var first = Build((1, "10.0.0.0/8"));
        Assert.Same(WhitelistSnapshot.Empty, matcher.Replace(first));
        Assert.True(matcher.TryMatch(address, out var id));
        Assert.Equal(1, id);

        var second = Build((2, "192.168.0.0/16"));
        Assert.Same(first, matcher.Replace(second));
        Assert.Same(second, matcher.Current);
        Assert.False(matcher.IsAllowed(address));
        Assert.True(matcher.IsAllowed(IPAddress.Parse("::ffff:192.168.3.4")));
    }

    [Fact]
    public void RejectsANetworkThatCannotBeNormalized()
    {
        var scoped = new IPNetwork(IPAddress.Parse("fe80::1%3"), 128);
        var thrown = Assert.Throws<ArgumentException>(() => WhitelistSnapshot.Build([(42, scoped)]));
        Assert.Contains("Whitelist entry 42:", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlattensNestedNetworksIntoDisjointRanges()
    {
        // 10/8 split around 10.1/16 and 10.1.2/24 gives five ranges; the separate 192.168/16 adds one.
        var snapshot = Build((1, "10.0.0.0/8"), (2, "10.1.0.0/16"), (3, "10.1.2.0/24"), (4, "192.168.0.0/16"));
        Assert.Equal(6, snapshot.RangeCount);
    }

    internal static WhitelistSnapshot Build(params (long Id, string Network)[] entries) =>
        WhitelistSnapshot.Build(entries.Select(e => (e.Id, WhitelistNetwork.Parse(e.Network))));

    private static long? Match(WhitelistSnapshot snapshot, string address) =>
        snapshot.TryMatch(IPAddress.Parse(address), out var id) ? id : null;

    private static void AssertMatch(WhitelistSnapshot snapshot, string address, long? expectedId)
    {
        Assert.Equal(expectedId, Match(snapshot, address));
        Assert.Equal(expectedId is not null, snapshot.IsAllowed(IPAddress.Parse(address)));
    }
}
