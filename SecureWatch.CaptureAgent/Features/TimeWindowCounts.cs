namespace SecureWatch.CaptureAgent.Features;

/// <summary>Connections, SYN errors and REJ errors counted together for one host or one service.</summary>
internal struct TimeWindowCounts
{
    public int Connections;
    public int SynErrors;
    public int RejErrors;

    public void Add(int sign, bool synError, bool rejError)
    {
        Connections += sign;
        SynErrors += synError ? sign : 0;
        RejErrors += rejError ? sign : 0;
    }
}
