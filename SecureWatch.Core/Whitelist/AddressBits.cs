using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SecureWatch.Core.Whitelist;

/// <summary>
/// Addresses as big-endian integers, so that a CIDR network is a contiguous integer range and lookups are
/// integer comparisons. Reads go through <see cref="IPAddress.TryWriteBytes"/> into a stack buffer: no allocation.
/// </summary>
internal static class AddressBits
{
    public const int IPv4Bits = 32;
    public const int IPv6Bits = 128;

    /// <summary>Prefix length of the ::ffff:0:0/96 block that embeds IPv4 in IPv6.</summary>
    public const int IPv4MappedPrefixLength = 96;

    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException("Expected an IPv4 address.", nameof(address));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException("Expected an IPv6 address.", nameof(address));
        }

        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static IPAddress FromUInt128(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>The bits below a prefix (the host part) set to one.</summary>
    public static uint HostMask32(int prefixLength) =>
        prefixLength == 0 ? uint.MaxValue : (1u << (IPv4Bits - prefixLength)) - 1u;

    /// <summary>The bits below a prefix (the host part) set to one.</summary>
    public static UInt128 HostMask128(int prefixLength) =>
        prefixLength == 0 ? UInt128.MaxValue : (UInt128.One << (IPv6Bits - prefixLength)) - UInt128.One;
}
