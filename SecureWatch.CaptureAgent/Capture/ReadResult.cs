namespace SecureWatch.CaptureAgent.Capture;

internal enum ReadResult
{
    Packet,

    /// <summary>No packet within the read timeout (live capture only).</summary>
    Timeout,

    /// <summary>End of the capture file, or the capture was stopped.</summary>
    End,
}
