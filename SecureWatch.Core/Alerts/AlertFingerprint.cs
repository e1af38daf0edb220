using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace SecureWatch.Core.Alerts;

/// <summary>
/// What makes attack records one alert: source, category, attacker (the flow's src_ip) and, for external_kafka,
/// the sender. <see cref="Hash"/> keys the advisory lock that keeps two instances from opening it twice.
/// </summary>
internal readonly record struct AlertFingerprint(string DataSource, string Category, IPAddress Attacker, IPAddress? Sender)
{
    public long Hash
    {
        get
        {
            var text = $"{DataSource}|{Category}|{Attacker}|{Sender}";
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
            return BinaryPrimitives.ReadInt64BigEndian(digest);
        }
    }
}
