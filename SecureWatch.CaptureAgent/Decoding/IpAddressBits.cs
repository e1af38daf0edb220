using System.Buffers.Binary;
using System.Net;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>
/// Addresses as 128-bit integers so that flow keys are plain values: IPv6 as is, IPv4 as IPv4-mapped IPv6
/// (::ffff:a.b.c.d), which keeps the two families apart.
/// </summary>
internal static class IpAddressBits
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public static UInt128 FromIpv4(ReadOnlySpan<byte> fourBytes) => MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(fourBytes);

    public static UInt128 FromIpv6(ReadOnlySpan<byte> sixteenBytes) => BinaryPrimitives.ReadUInt128BigEndian(sixteenBytes);

    public static bool IsIpv4(UInt128 address) => (address >> 32) == 0xFFFF;

    public static IPAddress ToIpAddress(UInt128 address)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, address);
        return IsIpv4(address) ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    public static UInt128 FromIpAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? FromIpv4(bytes[..4]) : FromIpv6(bytes);
    }
}
