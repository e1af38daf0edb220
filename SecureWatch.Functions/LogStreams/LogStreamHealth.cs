namespace SecureWatch.Functions.LogStreams;

/// <summary>The logs section of the health report: what runs, what it was given and what it did since start.</summary>
public sealed record LogStreamHealth(
    string Status,
    IReadOnlyList<string> Topics,
    int PushPartitions,
    int DetectionPartitions,
    IReadOnlyList<LogTopicStats> Pushed,
    IReadOnlyDictionary<string, long> DeadLetters,
    long Evaluated,
    long Detections,
    string? Error);
