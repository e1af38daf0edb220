namespace SecureWatch.CaptureAgent.Capture;

/// <summary>How to open a live interface.</summary>
internal sealed record LiveCaptureOptions
{
    /// <summary>Interface name, or <c>any</c> for all interfaces (Linux cooked capture).</summary>
    public required string Interface { get; init; }

    /// <summary>Headers are all the agent needs, but a full snapshot keeps the byte counts of pcap replay honest.</summary>
    public int SnapshotLength { get; init; } = 262_144;

    public bool Promiscuous { get; init; }

    public int BufferSizeBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deliver each packet at once instead of batching, so that flows time out on time on quiet links.</summary>
    public bool ImmediateMode { get; init; } = true;

    /// <summary>How long a read may wait for a packet, so the loop can notice shutdown and report statistics.</summary>
    public int ReadTimeoutMilliseconds { get; init; } = 250;
}
