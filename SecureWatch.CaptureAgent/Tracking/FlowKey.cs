using System.Runtime.CompilerServices;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>
/// Direction-free connection key: the lower endpoint goes first, so A-&gt;B and B-&gt;A give the same key.
/// </summary>
internal readonly struct FlowKey : IEquatable<FlowKey>
{
    public readonly UInt128 AddressA;
    public readonly UInt128 AddressB;
    public readonly ushort PortA;
    public readonly ushort PortB;
    public readonly byte Protocol;

    private FlowKey(UInt128 addressA, ushort portA, UInt128 addressB, ushort portB, byte protocol)
    {
        AddressA = addressA;
        AddressB = addressB;
        PortA = portA;
        PortB = portB;
        Protocol = protocol;
    }

    /// <summary>Key of a TCP or UDP packet; <paramref name="sourceIsA"/> tells which side sent it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FlowKey ForPorts(UInt128 source, ushort sourcePort, UInt128 destination, ushort destinationPort, byte protocol, out bool sourceIsA)
    {
        sourceIsA = source < destination || (source == destination && sourcePort <= destinationPort);
        return sourceIsA
            ? new FlowKey(source, sourcePort, destination, destinationPort, protocol)
            : new FlowKey(destination, destinationPort, source, sourcePort, protocol);
    }

    /// <summary>Key of an ICMP query/answer exchange: querier first, then the query's identifier and sequence.</summary>
    public static FlowKey ForQuery(UInt128 querier, UInt128 responder, ushort identifier, ushort sequence, byte protocol) =>
        new(querier, identifier, responder, sequence, protocol);

    public bool Equals(FlowKey other) =>
        AddressA == other.AddressA && AddressB == other.AddressB && PortA == other.PortA && PortB == other.PortB && Protocol == other.Protocol;

    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    public override int GetHashCode()
    {
        var x = (ulong)AddressA ^ ((ulong)(AddressA >> 64) * 0x9E3779B97F4A7C15UL) ^ ((ulong)AddressB * 0xC2B2AE3D27D4EB4FUL)
            ^ ((ulong)(AddressB >> 64) * 0x165667B19E3779F9UL) ^ ((((ulong)PortA << 24) | ((ulong)PortB << 8) | Protocol) * 0x27D4EB2F165667C5UL);
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 32;
        return (int)x;
    }
}
