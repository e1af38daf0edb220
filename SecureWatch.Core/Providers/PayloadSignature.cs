using System.Security.Cryptography;

namespace SecureWatch.Core.Providers;

/// <summary>The <c>signature</c> header: lowercase hex HMAC-SHA256 of the record value under the provider's secret.</summary>
public static class PayloadSignature
{
    public const int HexLength = 64;

    public static string Compute(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> value)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, value, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of <paramref name="header"/> (ASCII hex) against the expected MAC.</summary>
    public static bool IsValid(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> value, ReadOnlySpan<byte> header)
    {
        if (secret.IsEmpty || header.Length != HexLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, value, expected);
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        for (var i = 0; i < given.Length; i++)
        {
            var high = LowerHexDigit(header[2 * i]);
            var low = LowerHexDigit(header[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            given[i] = (byte)((high << 4) | low);
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static int LowerHexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
