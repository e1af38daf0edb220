using SecureWatch.CaptureAgent.Decoding;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>
/// Follows fragmented IP datagrams without reassembling them: later fragments are attributed to the
/// connection of the first one, and "wrong" fragments (KDD's wrong_fragment: overlaps as in teardrop,
/// oversize datagrams as in ping of death, misaligned or empty fragments, tiny first fragments) are
/// recognised. Direct-mapped: a new datagram may displace an old one, whose later fragments then become orphans.
/// </summary>
internal sealed class FragmentTracker
{
    private const int MaxDatagramBytes = 65_535;
    private static readonly long StaleMicros = TimeSpan.FromSeconds(30).Ticks / 10;
    private readonly FragmentSlot[] _slots;

    public FragmentTracker(int slots) => _slots = new FragmentSlot[slots];

    /// <summary>Records a fragment; returns true when the fragment is wrong.</summary>
    public bool Observe(in DecodedPacket packet, out int slotIndex)
    {
        slotIndex = SlotOf(packet);
        ref var slot = ref _slots[slotIndex];
        if (!slot.InUse || slot.Id != packet.FragmentId || slot.Protocol != packet.Protocol || slot.Source != packet.Source
            || slot.Destination != packet.Destination || packet.TimestampMicros - slot.LastMicros > StaleMicros)
        {
            slot = default;
            slot.InUse = true;
            slot.Source = packet.Source;
            slot.Destination = packet.Destination;
            slot.Id = packet.FragmentId;
            slot.Protocol = packet.Protocol;
        }

        slot.LastMicros = packet.TimestampMicros;
        var start = packet.FragmentOffset;
        var end = start + packet.FragmentLength;
        var wrong = packet.MalformedFragment || packet.FragmentLength == 0 || end > MaxDatagramBytes
            || (packet.MoreFragments && packet.FragmentLength % 8 != 0);
        for (var i = 0; i < slot.RangeCount; i++)
        {
            if (start < slot.Ranges[(2 * i) + 1] && slot.Ranges[2 * i] < end)
            {
                wrong = true;
            }
        }

        if (slot.RangeCount < FragmentRanges.Capacity)
        {
            slot.Ranges[2 * slot.RangeCount] = start;
            slot.Ranges[(2 * slot.RangeCount) + 1] = end;
            slot.RangeCount++;
        }

        return wrong;
    }

    /// <summary>Links the datagram of a first fragment to its connection.</summary>
    public void Link(int slotIndex, in FlowKey key, bool sourceIsA)
    {
        ref var slot = ref _slots[slotIndex];
        slot.HasFlow = true;
        slot.FlowKey = key;
        slot.SourceIsA = sourceIsA;
    }

    public bool TryGetFlow(int slotIndex, out FlowKey key, out bool sourceIsA)
    {
        ref var slot = ref _slots[slotIndex];
        key = slot.FlowKey;
        sourceIsA = slot.SourceIsA;
        return slot.HasFlow;
    }

    private int SlotOf(in DecodedPacket packet)
    {
        var h = (ulong)packet.Source ^ ((ulong)packet.Destination * 0x9E3779B97F4A7C15UL) ^ ((ulong)packet.FragmentId << 8) ^ packet.Protocol;
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        return (int)(h % (ulong)_slots.Length);
    }
}
