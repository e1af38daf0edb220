namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// One topic's counts on this instance: in the last interval (received = pushed + skipped + invalid) and since start.
/// </summary>
public sealed record LogTopicStats(
    string Topic, long Received, long Pushed, long Skipped, long Invalid, long ReceivedTotal, long PushedTotal, long SkippedTotal, long InvalidTotal);
