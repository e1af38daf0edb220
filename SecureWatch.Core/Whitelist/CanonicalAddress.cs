using System.Net;
using System.Net.Sockets;

namespace SecureWatch.Core.Whitelist;

/// <summary>
/// The one way SecureWatch reads a single IP address from text it did not write (whitelist entries, traffic records,
/// Kafka headers): dotted-quad IPv4 (<see cref="StrictIPv4"/>) or IPv6 of hex digits, colons and an optional embedded
/// IPv4 tail. Zone ids, brackets, ports, whitespace, control characters, short or octal IPv4 forms are refused, so an
/// "address" can never smuggle text into storage, predictions, headers or screens.
/// </summary>
/// <remarks>
/// Canonical form: IPv4-mapped IPv6 (<c>::ffff:203.0.113.20</c>) becomes the IPv4 address it denotes, IPv6 is written
/// in RFC 5952 form (lowercase, longest zero run compressed). The same address therefore has one text wherever it is
/// stored, compared, rate-limited or decided on.
/// </remarks>
public static class CanonicalAddress
{
    /// <summary>The longest valid text: a full IPv6 address with an embedded IPv4 part.</summary>
    public const int MaxTextLength = 45;

    /// <summary>Parses a plain address and brings it to canonical form.</summary>
    /// <param name="error">Why the text was refused; the text is quoted only when it is short enough to be an address.</param>
    public static bool TryParse(string? text, out IPAddress address, out string error)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text))
        {
            error = "the address is empty.";
            return false;
        }

        // Refused before anything quotes it: the text may be kilobytes of markup or carry line breaks.
        if (text.Length > MaxTextLength)
        {
            error = $"the address is too long ({text.Length} characters; an address is at most {MaxTextLength}).";
            return false;
        }

        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            error = "the address contains whitespace or control characters.";
            return false;
        }

        if (text.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{text}' has a zone id; zone ids are local to one host and not part of an address.";
            return false;
        }

        if (!TryParseStrict(text, out var parsed, out error))
        {
            return false;
        }

        address = Canonical(parsed);
        return true;
    }

    /// <summary>The canonical text of a plain address, or false with the reason.</summary>
    public static bool TryCanonicalize(string? text, out string canonical, out string error)
    {
        var parsed = TryParse(text, out var address, out error);
        canonical = parsed ? address.ToString() : string.Empty;
        return parsed;
    }

    /// <summary>IPv4-mapped IPv6 becomes IPv4; other addresses are returned as they are.</summary>
    public static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Strict parsing without canonicalisation (the whitelist needs the typed family to check prefixes).</summary>
    internal static bool TryParseStrict(string text, out IPAddress address, out string error) =>
        text.Contains(':', StringComparison.Ordinal)
            ? TryParseIPv6(text, out address, out error)
            : TryParseIPv4(text, out address, out error);

    private static bool TryParseIPv4(string text, out IPAddress address, out string error)
    {
        address = IPAddress.None;
        if (!StrictIPv4.TryParse(text, out var value, out var reason))
        {
            error = $"'{text}' is not a valid IPv4 address: {reason}";
            return false;
        }

        address = AddressBits.FromUInt32(value);
        error = string.Empty;
        return true;
    }

    private static bool TryParseIPv6(string text, out IPAddress address, out string error)
    {
        address = IPAddress.None;
        foreach (var c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                error = $"'{text}' is not a valid IPv6 address: the character '{c}' is not allowed "
                    + "(write the bare address, without brackets or a port).";
                return false;
            }
        }

        var lastColon = text.LastIndexOf(':');
        var firstDot = text.IndexOf('.', StringComparison.Ordinal);
        if (firstDot >= 0 && firstDot < lastColon)
        {
            error = $"'{text}' is not a valid IPv6 address: dots may appear only in an embedded IPv4 part at the end "
                + "(write the bare address, without a port).";
            return false;
        }

        // The BCL parser accepts short and zero-padded forms in an embedded IPv4 tail; hold it to the IPv4 rules.
        var tail = text[(lastColon + 1)..];
        if (tail.Contains('.', StringComparison.Ordinal) && !StrictIPv4.TryParse(tail, out _, out var tailReason))
        {
            error = $"'{text}' is not a valid IPv6 address: its embedded IPv4 part '{tail}' is invalid: {tailReason}";
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"'{text}' is not a valid IPv6 address.";
            return false;
        }

        address = parsed;
        error = string.Empty;
        return true;
    }
}
