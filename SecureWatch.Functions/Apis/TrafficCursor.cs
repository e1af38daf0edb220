using System.Buffers.Binary;
using System.Buffers.Text;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// The position after the last row of a page: (received_at, id), newest first. Opaque to clients (base64url of
/// microseconds since the Unix epoch and the row id) so its layout can change without breaking them.
/// </summary>
public readonly record struct TrafficCursor(DateTimeOffset ReceivedAt, long Id)
{
    private const int Length = 16;

    public string Encode()
    {
        // PostgreSQL keeps microseconds, so a cursor made from a stored row compares exactly with it.
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, (ReceivedAt.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Id);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string text, out TrafficCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Length + 2];
        if (text.Length > 24 || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length)
        {
            return false;
        }

        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        var maxMicros = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        if (micros < 0 || micros > maxMicros || id <= 0)
        {
            return false;
        }

        cursor = new TrafficCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond), id);
        return true;
    }
}
