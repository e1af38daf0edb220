namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>Why a connection was reported.</summary>
internal enum ConnectionEnd : byte
{
    /// <summary>Inactive for longer than the timeout of its state.</summary>
    Timeout,

    /// <summary>Still open after the active timeout: this record covers a slice and the connection goes on.</summary>
    ActiveTimeout,

    /// <summary>Pushed out because the flow table was full.</summary>
    Evicted,

    /// <summary>A new SYN reused the ports of a finished connection.</summary>
    Reused,

    /// <summary>An ICMP message that is a connection on its own (errors, redirects, ...).</summary>
    SingleMessage,

    /// <summary>Capture ended.</summary>
    Flushed,
}
