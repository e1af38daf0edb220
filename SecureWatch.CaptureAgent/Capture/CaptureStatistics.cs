namespace SecureWatch.CaptureAgent.Capture;

/// <summary>libpcap's counters for a live capture (<c>pcap_stats</c>).</summary>
internal readonly record struct CaptureStatistics(long Received, long Dropped, long InterfaceDropped);
