using System.Net;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Tests.Whitelist;

public sealed class WhitelistNetworkTests
{
    [Theory]
    [InlineData("", "The address is empty.")]
    [InlineData("   ", "The address is empty.")]
    [InlineData("\t", "The address is empty.")]
    [InlineData(" 10.0.0.1", "' 10.0.0.1' has leading or trailing whitespace.")]
    [InlineData("10.0.0.1 ", "'10.0.0.1 ' has leading or trailing whitespace.")]
    [InlineData("10.0.0.0/8\n", "has leading or trailing whitespace.")]
    [InlineData("1", "'1' is not a valid IPv4 address: expected four dot-separated decimal numbers (a.b.c.d), found 1.")]
    [InlineData("1.2.3", "'1.2.3' is not a valid IPv4 address: expected four dot-separated decimal numbers (a.b.c.d), found 3.")]
    [InlineData("1.2.3.4.5", "found 5.")]
    [InlineData("01.2.3.4", "'01.2.3.4' is not a valid IPv4 address: octet '01' has a leading zero (some tools read it as octal).")]
    [InlineData("10.0.0.010", "octet '010' has a leading zero")]
    [InlineData("256.1.1.1", "'256.1.1.1' is not a valid IPv4 address: octet '256' is out of range (0-255).")]
    [InlineData("1.2.3.1000", "octet '1000' is out of range (0-255).")]
    [InlineData("1..3.4", "an octet is empty.")]
    [InlineData("0x0a.0.0.1", "octet '0x0a' is not a decimal number.")]
    [InlineData("-1.0.0.1", "octet '-1' is not a decimal number.")]
    [InlineData("10.0.0.0 /8", "octet '0 ' is not a decimal number.")]
    [InlineData("10.0.0.1/33", "'10.0.0.1/33' has prefix length 33, out of range for IPv4 (0-32).")]
    [InlineData("2001:db8::/129", "'2001:db8::/129' has prefix length 129, out of range for IPv6 (0-128).")]
    [InlineData("10.0.0.0/99999999999", "has prefix length above 999, out of range for IPv4 (0-32).")]
    [InlineData("/abc", "'/abc' has no address before the '/'.")]
    [InlineData("/24", "'/24' has no address before the '/'.")]
    [InlineData("10.0.0.0/", "'10.0.0.0/' has no prefix length after the '/'.")]
    [InlineData("10.0.0.0/abc", "'10.0.0.0/abc' has an invalid prefix length 'abc': expected a decimal number without sign or spaces.")]
    [InlineData("10.0.0.0/+8", "has an invalid prefix length '+8'")]
    [InlineData("10.0.0.0/-8", "has an invalid prefix length '-8'")]
    [InlineData("10.0.0.0/ 8", "has an invalid prefix length ' 8'")]
    [InlineData("10.0.0.0/8/8", "has an invalid prefix length '8/8'")]
    [InlineData("10.0.0.0/08", "'10.0.0.0/08' has a prefix length with a leading zero ('08').")]
    [InlineData("10.0.0.0/008", "has a prefix length with a leading zero ('008').")]
    [InlineData("10.0.0.1/24", "'10.0.0.1/24' has bits set after the /24 prefix. Did you mean the network 10.0.0.0/24, or the single address 10.0.0.1/32?")]
    [InlineData("192.168.1.1/0", "Did you mean the network 0.0.0.0/0, or the single address 192.168.1.1/32?")]
    [InlineData("2001:db8::1/64", "Did you mean the network 2001:db8::/64, or the single address 2001:db8::1/128?")]
    [InlineData("::ffff:10.0.0.1/120", "'::ffff:10.0.0.1/120' has bits set after the /120 prefix. Did you mean the network 10.0.0.0/24, or the single address 10.0.0.1/32?")]
    [InlineData("fe80::1%eth0", "'fe80::1%eth0' has a zone id ('%eth0'); zone ids are local to one host and cannot be whitelisted.")]
    [InlineData("fe80::1%3/128", "'fe80::1%3' has a zone id ('%3')")]
    [InlineData("10.0.0.1%eth0", "has a zone id")]
    [InlineData("[::1]", "'[::1]' is not a valid IPv6 address: the character '[' is not allowed")]
    [InlineData("2001:db8::g", "the character 'g' is not allowed")]
    [InlineData("1.2.3.4:80", "dots may appear only in an embedded IPv4 part at the end")]
    [InlineData("1:2:3:4:5:6:7:8:9", "'1:2:3:4:5:6:7:8:9' is not a valid IPv6 address.")]
    [InlineData("1::2::3", "'1::2::3' is not a valid IPv6 address.")]
    [InlineData("12345::", "'12345::' is not a valid IPv6 address.")]
    [InlineData(":", "':' is not a valid IPv6 address.")]
    [InlineData("::ffff:01.2.3.4", "its embedded IPv4 part '01.2.3.4' is invalid: octet '01' has a leading zero")]
    [InlineData("::ffff:1.2.3", "its embedded IPv4 part '1.2.3' is invalid: expected four dot-separated decimal numbers")]
    [InlineData("::ffff:10.0.0.0/80", "'::ffff:10.0.0.0/80' is an IPv4-mapped address with prefix /80; it needs a prefix of /96 or longer")]
    [InlineData("::ffff:0.0.0.0/95", "is an IPv4-mapped address with prefix /95")]
    public void RejectsInvalidInputWithItsReason(string text, string expectedReason)
    {
        Assert.False(WhitelistNetwork.TryParse(text, out var network, out var error));
        Assert.Contains(expectedReason, error, StringComparison.Ordinal);
        Assert.Equal(default, network);
        var thrown = Assert.Throws<FormatException>(() => WhitelistNetwork.Parse(text));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void RejectsNull()
    {
        Assert.False(WhitelistNetwork.TryParse(null, out _, out var error));
        Assert.Equal("The address is empty.", error);
    }

    [Fact]
    public void RejectsOversizedInputWithoutEchoingIt()
    {
        var longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128";
        Assert.Equal(WhitelistNetwork.MaxTextLength, longest.Length);
        Assert.True(WhitelistNetwork.TryParse(longest, out var network, out var error), error);
        Assert.Equal("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", WhitelistNetwork.ToCanonicalString(network));

        var oversized = longest + "0" + new string('1', 10_000);
        Assert.False(WhitelistNetwork.TryParse(oversized, out _, out error));
        Assert.Equal("The address is too long (10050 characters; a network is at most 49).", error);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1/32")]
    [InlineData("10.0.0.1/32", "10.0.0.1/32")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1/32")]
    [InlineData("::FFFF:10.0.0.1/128", "10.0.0.1/32")]
    [InlineData("::ffff:a00:1", "10.0.0.1/32")]
    [InlineData("0:0:0:0:0:ffff:0a00:0001", "10.0.0.1/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8")]
    [InlineData("::ffff:a00:0/104", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("::ffff:0.0.0.0/96", "0.0.0.0/0")]
    [InlineData("0.0.0.0", "0.0.0.0/32")]
    [InlineData("255.255.255.255", "255.255.255.255/32")]
    [InlineData("192.168.0.0/16", "192.168.0.0/16")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("2001:0DB8:0:0::1", "2001:db8::1/128")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1/128")]
    [InlineData("2001:db8:0000::0001/128", "2001:db8::1/128")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    [InlineData("2001:db8:0:0:0:0:0:0/32", "2001:db8::/32")]
    [InlineData("::/0", "::/0")]
    [InlineData("::", "::/128")]
    [InlineData("::1", "::1/128")]
    [InlineData("fe80::/10", "fe80::/10")]
    [InlineData("FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")]
    [InlineData("::fffe:0:0/95", "::fffe:0:0/95")]
    [InlineData("::1.2.3.4", "::1.2.3.4/128")]
    public void ParsesToTheCanonicalForm(string text, string canonical)
    {
        Assert.True(WhitelistNetwork.TryParse(text, out var network, out var error), error);
        Assert.Equal(string.Empty, error);
        Assert.Equal(canonical, WhitelistNetwork.ToCanonicalString(network));
        Assert.Equal(network, WhitelistNetwork.Parse(canonical));
    }

    [Fact]
    public void EquivalentSpellingsAreOneNetwork()
    {
        string[][] groups =
        [
            ["2001:db8::1", "2001:0DB8:0:0::1", "2001:db8:0:0:0:0:0:1/128", "2001:DB8::0001"],
            ["10.0.0.1", "10.0.0.1/32", "::ffff:10.0.0.1", "::FFFF:0A00:0001/128"],
            ["10.0.0.0/8", "::ffff:10.0.0.0/104", "::ffff:a00:0/104"],
        ];

        foreach (var group in groups)
        {
            var networks = group.Select(WhitelistNetwork.Parse).ToArray();
            Assert.All(networks, n => Assert.Equal(networks[0], n));
            Assert.Single(networks.Select(WhitelistNetwork.ToCanonicalString).Distinct());
        }
    }

    [Fact]
    public void NormalizesNetworksBuiltElsewhere()
    {
        var mapped = new IPNetwork(IPAddress.Parse("::ffff:10.0.0.0"), 104);
        Assert.True(WhitelistNetwork.TryNormalize(mapped, out var network, out var error), error);
        Assert.Equal(new IPNetwork(IPAddress.Parse("10.0.0.0"), 8), network);
        Assert.Equal("10.0.0.0/8", WhitelistNetwork.ToCanonicalString(mapped));

        var plain = new IPNetwork(IPAddress.Parse("2001:db8::"), 32);
        Assert.True(WhitelistNetwork.TryNormalize(plain, out network, out _));
        Assert.Equal(plain, network);
    }

    [Fact]
    public void RejectsANetworkWithAZoneId()
    {
        var scoped = new IPNetwork(IPAddress.Parse("fe80::1%3"), 128);
        Assert.False(WhitelistNetwork.TryNormalize(scoped, out _, out var error));
        Assert.Contains("has a zone id", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("fe80::1%3", "fe80::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void NormalizesAddressesAsTheMatcherSeesThem(string text, string expected)
    {
        var normalized = WhitelistNetwork.NormalizeAddress(IPAddress.Parse(text));
        Assert.Equal(IPAddress.Parse(expected), normalized);
        Assert.Equal(0, normalized.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? normalized.ScopeId : 0);
    }
}
