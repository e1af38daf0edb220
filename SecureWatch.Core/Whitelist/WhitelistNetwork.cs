using System.Net;
using System.Net.Sockets;

namespace SecureWatch.Core.Whitelist;

/// <summary>
/// The one way SecureWatch reads and writes whitelist networks. Input is an IPv4 or IPv6 address or a CIDR network;
/// a single address becomes a /32 or /128 network. Parsing is strict on purpose: <see cref="IPAddress.Parse(string)"/>
/// accepts forms such as "1", "1.2.3" or "010.0.0.1" whose meaning differs between tools (short forms, octal), and a
/// whitelist entry must mean the same thing to the operator who typed it, to PostgreSQL and to the matcher.
/// </summary>
/// <remarks>
/// <para>IPv4-mapped IPv6 input ("::ffff:10.0.0.1", "::ffff:10.0.0.0/104") is stored as the IPv4 network it denotes
/// ("10.0.0.1/32", "10.0.0.0/8"), so the same network has one canonical form whichever way it was typed, and traffic
/// from a dual-stack socket matches IPv4 entries. A mapped network with a prefix shorter than /96 is rejected: it
/// would reach outside the ::ffff:0:0/96 block and is no IPv4 network at all.</para>
/// <para>Networks with bits set after the prefix ("10.0.0.1/24") are rejected, as PostgreSQL's <c>cidr</c> type
/// rejects them, rather than silently truncated: the message names the network that was probably meant.</para>
/// </remarks>
public static class WhitelistNetwork
{
    /// <summary>The longest valid text: a full IPv6 address with an embedded IPv4 part and a prefix.</summary>
    public const int MaxTextLength = 49;

    /// <summary>Parses an address or CIDR network into its canonical network.</summary>
    /// <param name="text">The text as the operator typed it; it is not trimmed.</param>
    /// <param name="network">
    /// The canonical network when parsing succeeded. On failure it is <c>default</c>, which the BCL treats as
    /// 0.0.0.0/0 (everything), so never use it without checking the result.
    /// </param>
    /// <param name="error">Why the text was rejected; empty when parsing succeeded.</param>
    public static bool TryParse(string? text, out IPNetwork network, out string error)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The address is empty.";
            return false;
        }

        // Error messages quote the input; an oversized one is refused without being echoed back.
        if (text.Length > MaxTextLength)
        {
            error = $"The address is too long ({text.Length} characters; a network is at most {MaxTextLength}).";
            return false;
        }

        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            error = $"'{text}' has leading or trailing whitespace.";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        var prefixText = slash < 0 ? null : text[(slash + 1)..];
        if (addressText.Length == 0)
        {
            error = $"'{text}' has no address before the '/'.";
            return false;
        }

        if (!TryParseAddress(addressText, out var address, out error))
        {
            return false;
        }

        int? prefixLength = null;
        if (prefixText is not null)
        {
            if (!TryParsePrefixLength(text, prefixText, out var parsed, out error))
            {
                return false;
            }

            prefixLength = parsed;
        }

        return TryBuild(text, address, prefixLength, out network, out error);
    }

    /// <summary>Parses an address or CIDR network, throwing <see cref="FormatException"/> with the reason.</summary>
    public static IPNetwork Parse(string text) =>
        TryParse(text, out var network, out var error) ? network : throw new FormatException(error);

    /// <summary>
    /// Brings a network obtained elsewhere (e.g. read back from a <c>cidr</c> column) to canonical form: IPv4-mapped
    /// networks become IPv4. Fails for a zone id or a mapped prefix shorter than /96.
    /// </summary>
    /// <remarks>An unset <see cref="IPNetwork"/> cannot be told apart from 0.0.0.0/0 and is taken as such.</remarks>
    public static bool TryNormalize(IPNetwork candidate, out IPNetwork network, out string error)
    {
        network = default;
        var address = candidate.BaseAddress;
        var text = candidate.ToString();
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            error = $"'{text}' is neither an IPv4 nor an IPv6 network.";
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            error = $"'{text}' has a zone id; zone ids are local to one host and cannot be whitelisted.";
            return false;
        }

        return TryBuild(text, address, candidate.PrefixLength, out network, out error);
    }

    /// <summary>
    /// The canonical text of a network, e.g. "10.0.0.0/8" or "2001:db8::1/128": the duplicate key of the whitelist
    /// and the form shown in API responses. Mapped IPv6 networks are written as IPv4.
    /// </summary>
    public static string ToCanonicalString(IPNetwork network) =>
        TryNormalize(network, out var canonical, out var error)
            ? canonical.ToString()
            : throw new ArgumentException(error, nameof(network));

    /// <summary>The address as the matcher sees it: IPv4-mapped IPv6 addresses become IPv4, zone ids are dropped.</summary>
    public static IPAddress NormalizeAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? AddressBits.FromUInt128(AddressBits.ToUInt128(address))
            : address;
    }

    private static bool TryParseAddress(string text, out IPAddress address, out string error)
    {
        address = IPAddress.None;
        if (text.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{text}' has a zone id ('{text[text.IndexOf('%', StringComparison.Ordinal)..]}'); "
                + "zone ids are local to one host and cannot be whitelisted.";
            return false;
        }

        return CanonicalAddress.TryParseStrict(text, out address, out error);
    }

    private static bool TryParsePrefixLength(string text, string prefixText, out int prefixLength, out string error)
    {
        prefixLength = 0;
        if (prefixText.Length == 0)
        {
            error = $"'{text}' has no prefix length after the '/'.";
            return false;
        }

        foreach (var c in prefixText)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = $"'{text}' has an invalid prefix length '{prefixText}': "
                    + "expected a decimal number without sign or spaces.";
                return false;
            }
        }

        if (prefixText.Length > 1 && prefixText[0] == '0')
        {
            error = $"'{text}' has a prefix length with a leading zero ('{prefixText}').";
            return false;
        }

        // Any valid prefix has at most three digits; longer ones are out of range and could overflow an int.
        prefixLength = prefixText.Length > 3 ? int.MaxValue : int.Parse(prefixText, System.Globalization.CultureInfo.InvariantCulture);
        error = string.Empty;
        return true;
    }

    private static bool TryBuild(string text, IPAddress address, int? prefixLength, out IPNetwork network, out string error)
    {
        network = default;
        var isIPv4 = address.AddressFamily == AddressFamily.InterNetwork;
        var maxLength = isIPv4 ? AddressBits.IPv4Bits : AddressBits.IPv6Bits;
        var length = prefixLength ?? maxLength;
        if (length > maxLength)
        {
            var shown = prefixLength > 999 ? "above 999" : length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            error = $"'{text}' has prefix length {shown}, out of range for {(isIPv4 ? "IPv4" : "IPv6")} (0-{maxLength}).";
            return false;
        }

        var typedLength = length;
        if (address.IsIPv4MappedToIPv6)
        {
            if (length < AddressBits.IPv4MappedPrefixLength)
            {
                error = $"'{text}' is an IPv4-mapped address with prefix /{length}; it needs a prefix of /96 or longer "
                    + "(/96 plus the IPv4 prefix), since a shorter one reaches outside the IPv4-mapped block "
                    + "::ffff:0:0/96. Write the IPv4 network instead.";
                return false;
            }

            address = address.MapToIPv4();
            length -= AddressBits.IPv4MappedPrefixLength;
            isIPv4 = true;
        }

        if (isIPv4)
        {
            var value = AddressBits.ToUInt32(address);
            var hostBits = value & AddressBits.HostMask32(length);
            if (hostBits != 0)
            {
                error = HostBitsMessage(text, typedLength, length, AddressBits.FromUInt32(value & ~AddressBits.HostMask32(length)), address, 32);
                return false;
            }
        }
        else
        {
            var value = AddressBits.ToUInt128(address);
            if ((value & AddressBits.HostMask128(length)) != UInt128.Zero)
            {
                error = HostBitsMessage(text, typedLength, length, AddressBits.FromUInt128(value & ~AddressBits.HostMask128(length)), address, 128);
                return false;
            }
        }

        network = new IPNetwork(address, length);
        error = string.Empty;
        return true;
    }

    private static string HostBitsMessage(
        string text, int typedLength, int length, IPAddress networkAddress, IPAddress hostAddress, int hostLength) =>
        $"'{text}' has bits set after the /{typedLength} prefix. Did you mean the network {networkAddress}/{length}, "
        + $"or the single address {hostAddress}/{hostLength}?";
}
