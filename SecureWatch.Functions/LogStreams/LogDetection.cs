using SecureWatch.Core.LogStreams.Rules;

namespace SecureWatch.Functions.LogStreams;

/// <summary>A rule match on one log message, as stored in log_detections.</summary>
public sealed record LogDetection(string Topic, int Partition, long Offset, LogRuleMatch Match, byte[] Envelope);
