namespace SecureWatch.Core.Whitelist;

/// <summary>
/// Dotted-quad IPv4 only: four decimal octets 0-255 without leading zeros. Everything else that inet_aton-style
/// parsers accept ("1", "1.2.3", "0x0a.0.0.1", "010.0.0.1" read as octal) is refused, because the same text would
/// denote different addresses in different tools.
/// </summary>
internal static class StrictIPv4
{
    public static bool TryParse(string text, out uint value, out string reason)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            reason = $"expected four dot-separated decimal numbers (a.b.c.d), found {parts.Length}.";
            return false;
        }

        foreach (var part in parts)
        {
            if (!TryParseOctet(part, out var octet, out reason))
            {
                return false;
            }

            value = (value << 8) | octet;
        }

        reason = string.Empty;
        return true;
    }

    private static bool TryParseOctet(string part, out uint octet, out string reason)
    {
        octet = 0;
        if (part.Length == 0)
        {
            reason = "an octet is empty.";
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiDigit(c))
            {
                reason = $"octet '{part}' is not a decimal number.";
                return false;
            }
        }

        if (part.Length > 1 && part[0] == '0')
        {
            reason = $"octet '{part}' has a leading zero (some tools read it as octal).";
            return false;
        }

        if (part.Length > 3 || (octet = uint.Parse(part, System.Globalization.CultureInfo.InvariantCulture)) > 255)
        {
            reason = $"octet '{part}' is out of range (0-255).";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
