using System.Buffers.Binary;
using System.Net;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Builds packets byte by byte, with every field where the protocol specifications put it.</summary>
internal static class PacketBuilder
{
    public static byte[] Ethernet(ushort etherType, byte[] payload, params ushort[] vlanTags)
    {
        var frame = new byte[14 + (4 * vlanTags.Length) + payload.Length];
        frame.AsSpan(0, 6).Fill(0x02);
        frame.AsSpan(6, 6).Fill(0x04);
        var offset = 12;
        for (var i = 0; i < vlanTags.Length; i++)
        {
            // The outer tag of a QinQ frame is an 802.1ad S-tag, the inner ones 802.1Q C-tags.
            var tpid = vlanTags.Length > 1 && i == 0 ? (ushort)0x88A8 : (ushort)0x8100;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), tpid);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset + 2), vlanTags[i]);
            offset += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), etherType);
        payload.CopyTo(frame, offset + 2);
        return frame;
    }

    public static byte[] Sll(ushort protocol, byte[] payload)
    {
        var frame = new byte[16 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0); // sent to us
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 772); // ARPHRD_LOOPBACK
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), protocol);
        payload.CopyTo(frame, 16);
        return frame;
    }

    public static byte[] Sll2(ushort protocol, byte[] payload)
    {
        var frame = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, protocol);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), 1); // interface index
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(8), 1); // ARPHRD_ETHER
        frame[10] = 4; // sent by us
        frame[11] = 6;
        payload.CopyTo(frame, 20);
        return frame;
    }

    public static byte[] Null(uint family, byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, family);
        payload.CopyTo(frame, 4);
        return frame;
    }

    public static byte[] Ipv4(string source, string destination, byte protocol, byte[] payload, ushort id = 1, bool moreFragments = false, int fragmentOffset = 0, int optionsLength = 0)
    {
        var headerLength = 20 + optionsLength;
        var packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | (fragmentOffset / 8)));
        packet[8] = 64;
        packet[9] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 16);
        for (var i = 20; i < headerLength; i++)
        {
            packet[i] = 1; // NOP options
        }

        payload.CopyTo(packet, headerLength);
        return packet;
    }

    /// <summary>IPv6 with the given extension headers (each 8 bytes, chained in order) before the payload.</summary>
    public static byte[] Ipv6(string source, string destination, byte protocol, byte[] payload, params byte[] extensionHeaders)
    {
        var packet = new byte[40 + (8 * extensionHeaders.Length) + payload.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
        packet[6] = extensionHeaders.Length > 0 ? extensionHeaders[0] : protocol;
        packet[7] = 64;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 24);
        for (var i = 0; i < extensionHeaders.Length; i++)
        {
            var offset = 40 + (8 * i);
            packet[offset] = i + 1 < extensionHeaders.Length ? extensionHeaders[i + 1] : protocol;
            packet[offset + 1] = 0; // (0 + 1) * 8 bytes; for a fragment header this is the reserved byte
        }

        payload.CopyTo(packet, 40 + (8 * extensionHeaders.Length));
        return packet;
    }

    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, byte flags, int payloadLength = 0, int optionsLength = 0, uint sequence = 1000, ushort urgentPointer = 0)
    {
        var headerLength = 20 + optionsLength;
        var segment = new byte[headerLength + payloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), sequence);
        segment[12] = (byte)((headerLength / 4) << 4);
        segment[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), 65535);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(18), urgentPointer);
        segment.AsSpan(20, optionsLength).Fill(1);
        return segment;
    }

    public static byte[] Udp(ushort sourcePort, ushort destinationPort, int payloadLength)
    {
        var datagram = new byte[8 + payloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        return datagram;
    }

    public static byte[] Icmp(byte type, byte code, ushort identifier, ushort sequence, int dataLength)
    {
        var message = new byte[8 + dataLength];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        return message;
    }

    public static byte[] Ipv6FragmentHeaderPacket(string source, string destination, byte protocol, byte[] payload, uint id, int offset, bool more)
    {
        var packet = Ipv6(source, destination, protocol, payload, 44);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(42), (ushort)(offset | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(44), id);
        return packet;
    }

    public static byte[] EthernetIpv4Tcp(string source, ushort sourcePort, string destination, ushort destinationPort, byte flags, int payloadLength = 0) =>
        Ethernet(0x0800, Ipv4(source, destination, 6, Tcp(sourcePort, destinationPort, flags, payloadLength)));
}
