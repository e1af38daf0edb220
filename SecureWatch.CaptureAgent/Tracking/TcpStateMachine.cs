using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>
/// Endpoint state transitions and the connection state derived from them, following Zeek's TCP analyzer
/// and its <c>conn_state</c> function. Zeek's RSTRH and SHR (responder-only traffic) have no KDD flag:
/// they are reported as RSTR and SH.
/// </summary>
internal static class TcpStateMachine
{
    public static void Apply(ref FlowEntry entry, bool fromOriginator, byte flags, int payloadLength)
    {
        ref var self = ref fromOriginator ? ref entry.OriginatorState : ref entry.ResponderState;
        ref var peer = ref fromOriginator ? ref entry.ResponderState : ref entry.OriginatorState;
        var syn = (flags & TcpFlags.Syn) != 0;
        var ack = (flags & TcpFlags.Ack) != 0;
        if (syn && !ack && fromOriginator)
        {
            entry.OriginatorSentSyn = true;
        }

        if ((flags & TcpFlags.Rst) != 0)
        {
            self = TcpEndpointState.Reset;
            return;
        }

        if (syn && self is TcpEndpointState.Inactive or TcpEndpointState.SynSent or TcpEndpointState.SynAckSent)
        {
            self = ack ? TcpEndpointState.SynAckSent : TcpEndpointState.SynSent;
        }

        if ((flags & TcpFlags.Fin) != 0)
        {
            if (self != TcpEndpointState.Reset)
            {
                self = TcpEndpointState.Closed;
            }

            return;
        }

        if (syn || (!ack && payloadLength == 0))
        {
            return;
        }

        switch (self)
        {
            case TcpEndpointState.Inactive:
                self = TcpEndpointState.Partial;
                break;
            case TcpEndpointState.SynSent or TcpEndpointState.SynAckSent
                when peer is TcpEndpointState.SynSent or TcpEndpointState.SynAckSent or TcpEndpointState.Established:
                self = TcpEndpointState.Established;
                if (peer == TcpEndpointState.SynAckSent)
                {
                    peer = TcpEndpointState.Established;
                }

                break;
        }
    }

    public static KddFlag Classify(in FlowEntry entry)
    {
        var os = entry.OriginatorState;
        var rs = entry.ResponderState;
        var originatorInactive = os is TcpEndpointState.Inactive or TcpEndpointState.Partial;
        var responderInactive = rs is TcpEndpointState.Inactive or TcpEndpointState.Partial;
        if (rs == TcpEndpointState.Reset)
        {
            if (os is TcpEndpointState.SynSent or TcpEndpointState.SynAckSent
                || (os == TcpEndpointState.Reset && entry.OriginatorBytes == 0 && entry.ResponderBytes == 0))
            {
                return KddFlag.REJ;
            }

            return KddFlag.RSTR;
        }

        if (os == TcpEndpointState.Reset)
        {
            if (responderInactive)
            {
                return entry.OriginatorSentSyn ? KddFlag.RSTOS0 : KddFlag.OTH;
            }

            return KddFlag.RSTO;
        }

        if (os == TcpEndpointState.Closed && rs == TcpEndpointState.Closed)
        {
            return KddFlag.SF;
        }

        if (os == TcpEndpointState.Closed)
        {
            return responderInactive ? KddFlag.SH : KddFlag.S2;
        }

        if (rs == TcpEndpointState.Closed)
        {
            return originatorInactive ? KddFlag.SH : KddFlag.S3;
        }

        if (os == TcpEndpointState.SynSent && rs == TcpEndpointState.Inactive)
        {
            return KddFlag.S0;
        }

        return os == TcpEndpointState.Established && rs == TcpEndpointState.Established ? KddFlag.S1 : KddFlag.OTH;
    }

    public static TimeoutClass TimeoutClassOf(in FlowEntry entry)
    {
        var os = entry.OriginatorState;
        var rs = entry.ResponderState;
        if (os == TcpEndpointState.Reset || rs == TcpEndpointState.Reset
            || (os == TcpEndpointState.Closed && rs == TcpEndpointState.Closed))
        {
            return TimeoutClass.Finished;
        }

        if (os == TcpEndpointState.Closed || rs == TcpEndpointState.Closed)
        {
            return TimeoutClass.HalfClosed;
        }

        return os is TcpEndpointState.Established or TcpEndpointState.Partial || rs is TcpEndpointState.Established or TcpEndpointState.Partial
            ? TimeoutClass.Established
            : TimeoutClass.Handshake;
    }

    /// <summary>A SYN on a finished connection starts a new one (port reuse), as in Zeek.</summary>
    public static bool IsFinished(in FlowEntry entry) => TimeoutClassOf(entry) == TimeoutClass.Finished;
}
