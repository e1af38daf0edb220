namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>Timeouts (packet time) and sizes of connection tracking.</summary>
internal sealed record TrackerOptions
{
    /// <summary>Inactivity before a handshake that never completed is reported (S0, REJ-less attempts).</summary>
    public TimeSpan SynTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan EstablishedTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Inactivity after the first FIN.</summary>
    public TimeSpan FinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after a RST or the second FIN, to fold stragglers into the finished connection.</summary>
    public TimeSpan RstTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan UdpTimeout { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan IcmpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection still active after this long is reported anyway, then continues in a new record.</summary>
    public TimeSpan ActiveTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public int MaxFlows { get; init; } = 131_072;

    /// <summary>IP datagrams being fragmented that are followed at once (direct-mapped table).</summary>
    public int FragmentSlots { get; init; } = 4_096;

    public void Validate()
    {
        TimeSpan[] all = [SynTimeout, EstablishedTimeout, FinTimeout, RstTimeout, UdpTimeout, IcmpTimeout, ActiveTimeout];
        if (all.Any(t => t <= TimeSpan.Zero))
        {
            throw new ArgumentException("Every timeout must be positive.");
        }

        if (MaxFlows < 16 || FragmentSlots < 16)
        {
            throw new ArgumentException("The flow table and the fragment table need at least 16 slots.");
        }
    }
}
