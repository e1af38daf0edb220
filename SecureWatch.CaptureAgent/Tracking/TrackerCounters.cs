namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>What connection tracking did, for the capture summary.</summary>
internal sealed class TrackerCounters
{
    public long PacketsTracked { get; set; }

    public long FlowsCreated { get; set; }

    public long ConnectionsReported { get; set; }

    /// <summary>Flows pushed out because the table was full (reported early, so possibly incomplete).</summary>
    public long FlowsEvicted { get; set; }

    public long ActiveTimeoutSlices { get; set; }

    public long OrphanFragments { get; set; }

    public long WrongFragments { get; set; }
}
