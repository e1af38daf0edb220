using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>
/// Turns decoded packets into connections. The clock is the packet clock, so replaying a capture gives
/// the same connections every time. Steady state allocates nothing: flows live in a preallocated table.
/// </summary>
internal sealed class ConnectionTracker
{
    private const long SweepIntervalMicros = 100_000;
    private static readonly TimeoutClass[] TimeoutClasses = Enum.GetValues<TimeoutClass>();
    private readonly FlowTable _table;
    private readonly FragmentTracker _fragments;
    private readonly IConnectionSink _sink;
    private readonly long[] _timeoutMicros;
    private readonly long _activeTimeoutMicros;
    private long _nextSweepMicros;

    public ConnectionTracker(TrackerOptions options, IConnectionSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sink = sink;
        _table = new FlowTable(options.MaxFlows);
        _fragments = new FragmentTracker(options.FragmentSlots);
        _timeoutMicros = new long[Enum.GetValues<TimeoutClass>().Length];
        _timeoutMicros[(int)TimeoutClass.Handshake] = Micros(options.SynTimeout);
        _timeoutMicros[(int)TimeoutClass.Established] = Micros(options.EstablishedTimeout);
        _timeoutMicros[(int)TimeoutClass.HalfClosed] = Micros(options.FinTimeout);
        _timeoutMicros[(int)TimeoutClass.Finished] = Micros(options.RstTimeout);
        _timeoutMicros[(int)TimeoutClass.Udp] = Micros(options.UdpTimeout);
        _timeoutMicros[(int)TimeoutClass.Icmp] = Micros(options.IcmpTimeout);
        _activeTimeoutMicros = Micros(options.ActiveTimeout);
    }

    public TrackerCounters Counters { get; } = new();

    public int ActiveFlows => _table.Count;

    /// <summary>The packet clock: the latest timestamp seen (or advanced to).</summary>
    public long ClockMicros { get; private set; }

    /// <summary>Accounts one packet; returns false (and counts it) when it belongs to no connection.</summary>
    public bool Process(ref DecodedPacket packet)
    {
        AdvanceClock(packet.TimestampMicros);
        Counters.PacketsTracked++;
        var wrongFragment = false;
        var fragmentSlot = 0;
        if (packet.IsFragment)
        {
            wrongFragment = _fragments.Observe(packet, out fragmentSlot);
            if (wrongFragment)
            {
                Counters.WrongFragments++;
            }

            if (!packet.HasTransportHeader)
            {
                return ProcessLaterFragment(ref packet, fragmentSlot, wrongFragment);
            }
        }

        FlowKey key;
        bool sourceIsA;
        if (packet.IsIcmp)
        {
            if (!IsQueryResponse(packet))
            {
                ReportSingleMessage(packet, wrongFragment);
                return true;
            }

            // Direction comes from the message (query or answer), which also works when a host pings itself.
            sourceIsA = IsQuery(packet);
            key = sourceIsA
                ? FlowKey.ForQuery(packet.Source, packet.Destination, packet.IcmpIdentifier, packet.IcmpSequence, packet.Protocol)
                : FlowKey.ForQuery(packet.Destination, packet.Source, packet.IcmpIdentifier, packet.IcmpSequence, packet.Protocol);
        }
        else
        {
            key = FlowKey.ForPorts(packet.Source, packet.SourcePort, packet.Destination, packet.DestinationPort, packet.Protocol, out sourceIsA);
        }

        var hash = key.GetHashCode();
        var index = _table.Find(key, hash);
        if (index != FlowTable.None && packet.Protocol == IpProtocols.Tcp
            && (packet.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == TcpFlags.Syn && TcpStateMachine.IsFinished(_table[index]))
        {
            Report(index, ConnectionEnd.Reused, remove: true);
            index = FlowTable.None;
        }

        if (index == FlowTable.None)
        {
            index = Create(key, hash, sourceIsA, packet);
        }

        ref var entry = ref _table[index];
        var fromOriginator = sourceIsA == entry.OriginatorIsA;
        Account(ref entry, fromOriginator, packet.PayloadLength, packet.TimestampMicros);
        if (wrongFragment)
        {
            entry.WrongFragments++;
        }

        if (packet.IsFragment)
        {
            _fragments.Link(fragmentSlot, key, sourceIsA);
        }

        var timeoutClass = entry.TimeoutClass;
        if (packet.Protocol == IpProtocols.Tcp)
        {
            if ((packet.TcpFlags & TcpFlags.Urg) != 0)
            {
                entry.UrgentPackets++;
            }

            TcpStateMachine.Apply(ref entry, fromOriginator, packet.TcpFlags, packet.PayloadLength);
            timeoutClass = TcpStateMachine.TimeoutClassOf(entry);
        }

        _table.Touch(index, timeoutClass);
        if (ClockMicros - entry.FirstMicros >= _activeTimeoutMicros)
        {
            Report(index, ConnectionEnd.ActiveTimeout, remove: false);
        }

        return true;
    }

    /// <summary>
    /// Moves the packet clock forward without a packet (a quiet live link), reporting what timed out.
    /// The clock never goes backwards: out-of-order timestamps are accounted at the current time.
    /// </summary>
    public void AdvanceClock(long nowMicros)
    {
        if (nowMicros <= ClockMicros)
        {
            return;
        }

        ClockMicros = nowMicros;
        if (nowMicros >= _nextSweepMicros)
        {
            Expire();
            _nextSweepMicros = nowMicros + SweepIntervalMicros;
        }
    }

    /// <summary>Reports every open connection, oldest activity first (end of capture).</summary>
    public void FlushAll()
    {
        for (var index = _table.Oldest(); index != FlowTable.None; index = _table.Oldest())
        {
            Report(index, ConnectionEnd.Flushed, remove: true);
        }
    }

    private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    private static bool IsQueryResponse(in DecodedPacket packet) => packet.Protocol == IpProtocols.Icmp
        ? packet.IcmpType is 0 or 8 or 13 or 14 or 15 or 16 or 17 or 18
        : packet.IcmpType is 128 or 129;

    private static bool IsQuery(in DecodedPacket packet) => packet.Protocol == IpProtocols.Icmp
        ? packet.IcmpType is 8 or 13 or 15 or 17
        : packet.IcmpType == 128;

    private void Expire()
    {
        foreach (var timeoutClass in TimeoutClasses)
        {
            var timeout = _timeoutMicros[(int)timeoutClass];
            for (var index = _table.Oldest(timeoutClass); index != FlowTable.None; index = _table.Oldest(timeoutClass))
            {
                if (ClockMicros - _table[index].LastMicros < timeout)
                {
                    break;
                }

                Report(index, ConnectionEnd.Timeout, remove: true);
            }
        }
    }

    private int Create(in FlowKey key, int hash, bool sourceIsA, in DecodedPacket packet)
    {
        if (_table.IsFull)
        {
            Counters.FlowsEvicted++;
            Report(_table.Oldest(), ConnectionEnd.Evicted, remove: true);
        }

        var timeoutClass = packet.Protocol switch
        {
            IpProtocols.Tcp => TimeoutClass.Handshake,
            IpProtocols.Udp => TimeoutClass.Udp,
            _ => TimeoutClass.Icmp,
        };
        var index = _table.Add(key, hash, timeoutClass);
        ref var entry = ref _table[index];
        entry.OriginatorIsA = sourceIsA;
        entry.FirstMicros = ClockMicros;
        entry.IcmpType = packet.IcmpType;
        entry.IcmpCode = packet.IcmpCode;
        Counters.FlowsCreated++;
        return index;
    }

    private void Account(ref FlowEntry entry, bool fromOriginator, int payloadLength, long timestampMicros)
    {
        if (entry.OriginatorPackets + entry.ResponderPackets == 0)
        {
            // First packet of the flow, or of the next slice after an active timeout.
            entry.FirstMicros = ClockMicros;
        }

        entry.LastMicros = Math.Max(entry.LastMicros, Math.Min(timestampMicros, ClockMicros));
        if (fromOriginator)
        {
            entry.OriginatorBytes += payloadLength;
            entry.OriginatorPackets++;
        }
        else
        {
            entry.ResponderBytes += payloadLength;
            entry.ResponderPackets++;
        }
    }

    private bool ProcessLaterFragment(ref DecodedPacket packet, int fragmentSlot, bool wrongFragment)
    {
        if (!_fragments.TryGetFlow(fragmentSlot, out var key, out var sourceIsA))
        {
            Counters.OrphanFragments++;
            return false;
        }

        var index = _table.Find(key, key.GetHashCode());
        if (index == FlowTable.None)
        {
            Counters.OrphanFragments++;
            return false;
        }

        ref var entry = ref _table[index];
        Account(ref entry, sourceIsA == entry.OriginatorIsA, packet.PayloadLength, packet.TimestampMicros);
        if (wrongFragment)
        {
            entry.WrongFragments++;
        }

        _table.Touch(index, entry.TimeoutClass);
        return true;
    }

    private void ReportSingleMessage(in DecodedPacket packet, bool wrongFragment)
    {
        var connection = new CompletedConnection
        {
            OriginatorAddress = packet.Source,
            ResponderAddress = packet.Destination,
            OriginatorPort = packet.IcmpType,
            ResponderPort = packet.IcmpCode,
            Protocol = packet.Protocol,
            FirstMicros = ClockMicros,
            LastMicros = ClockMicros,
            ReportedMicros = ClockMicros,
            OriginatorBytes = packet.PayloadLength,
            OriginatorPackets = 1,
            Flag = KddFlag.SF,
            Service = KddServices.ForIcmp(packet.IcmpType, packet.IcmpCode, packet.Protocol == IpProtocols.Icmpv6),
            WrongFragments = wrongFragment ? 1 : 0,
            End = ConnectionEnd.SingleMessage,
        };
        Counters.ConnectionsReported++;
        _sink.OnConnection(connection);
    }

    private void Report(int index, ConnectionEnd end, bool remove)
    {
        ref var entry = ref _table[index];
        if (entry.OriginatorPackets + entry.ResponderPackets == 0)
        {
            // The rest of a connection cut by the active timeout that saw nothing more.
            _table.Remove(index);
            return;
        }

        var originatorIsA = entry.OriginatorIsA;
        var protocol = entry.Key.Protocol;
        var connection = new CompletedConnection
        {
            OriginatorAddress = originatorIsA ? entry.Key.AddressA : entry.Key.AddressB,
            ResponderAddress = originatorIsA ? entry.Key.AddressB : entry.Key.AddressA,
            OriginatorPort = originatorIsA ? entry.Key.PortA : entry.Key.PortB,
            ResponderPort = originatorIsA ? entry.Key.PortB : entry.Key.PortA,
            Protocol = protocol,
            FirstMicros = entry.FirstMicros,
            LastMicros = entry.LastMicros,
            ReportedMicros = ClockMicros,
            OriginatorBytes = entry.OriginatorBytes,
            OriginatorPackets = entry.OriginatorPackets,
            ResponderBytes = entry.ResponderBytes,
            ResponderPackets = entry.ResponderPackets,
            WrongFragments = entry.WrongFragments,
            UrgentPackets = entry.UrgentPackets,
            End = end,
        };
        switch (protocol)
        {
            case IpProtocols.Tcp:
                connection.Flag = TcpStateMachine.Classify(entry);
                connection.Service = KddServices.ForTcpPort(connection.ResponderPort);
                break;
            case IpProtocols.Udp:
                connection.Flag = KddFlag.SF;
                connection.Service = KddServices.ForUdpPort(connection.ResponderPort);
                break;
            default:
                connection.Flag = KddFlag.SF;
                connection.OriginatorPort = entry.IcmpType;
                connection.ResponderPort = entry.IcmpCode;
                connection.Service = KddServices.ForIcmp(entry.IcmpType, entry.IcmpCode, protocol == IpProtocols.Icmpv6);
                break;
        }

        connection.Land = protocol is IpProtocols.Tcp or IpProtocols.Udp
            && connection.OriginatorAddress == connection.ResponderAddress && connection.OriginatorPort == connection.ResponderPort;
        if (remove)
        {
            _table.Remove(index);
        }
        else
        {
            Counters.ActiveTimeoutSlices++;
            entry.FirstMicros = ClockMicros;
            entry.OriginatorBytes = entry.ResponderBytes = 0;
            entry.OriginatorPackets = entry.ResponderPackets = 0;
            entry.WrongFragments = entry.UrgentPackets = 0;
        }

        Counters.ConnectionsReported++;
        _sink.OnConnection(connection);
    }
}
