namespace SecureWatch.Functions.LogStreams;

/// <summary>The argument of the <c>logStats</c> push, once a second: the interval it covers and each topic's counts.</summary>
public sealed record LogStatsMessage(DateTimeOffset At, double IntervalSeconds, int MaxPushPerSecond, IReadOnlyList<LogTopicStats> Topics);
