namespace SecureWatch.CaptureAgent.Capture;

/// <summary>The capture's counters as the capture thread took them, and whether a packet source was open then.</summary>
internal sealed record CaptureSnapshot(CaptureSummary Summary, bool Capturing);
