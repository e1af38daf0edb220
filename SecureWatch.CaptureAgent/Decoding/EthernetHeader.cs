using System.Buffers.Binary;

namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>Ethernet II header with any number (up to a limit) of 802.1Q / 802.1ad (QinQ) tags.</summary>
internal readonly ref struct EthernetHeader
{
    public const int MaxVlanTags = 4;
    private const int MacHeaderLength = 14;
    private const int TagLength = 4;

    private EthernetHeader(ushort etherType, int length, int vlanTags, ushort outerVlanId)
    {
        EtherType = etherType;
        Length = length;
        VlanTagCount = vlanTags;
        OuterVlanId = outerVlanId;
    }

    /// <summary>The EtherType after the last VLAN tag.</summary>
    public ushort EtherType { get; }

    public int Length { get; }

    public int VlanTagCount { get; }

    public ushort OuterVlanId { get; }

    public static DecodeOutcome TryParse(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        header = default;
        if (frame.Length < MacHeaderLength)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var offset = MacHeaderLength;
        var tags = 0;
        ushort outerVlan = 0;
        while (etherType is EtherTypes.Vlan or EtherTypes.QinQ or EtherTypes.QinQLegacy)
        {
            if (++tags > MaxVlanTags)
            {
                return DecodeOutcome.TooManyVlanTags;
            }

            if (frame.Length < offset + TagLength)
            {
                return DecodeOutcome.TruncatedLinkHeader;
            }

            if (tags == 1)
            {
                outerVlan = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]) & 0x0FFF);
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += TagLength;
        }

        header = new EthernetHeader(etherType, offset, tags, outerVlan);
        return DecodeOutcome.Decoded;
    }
}
