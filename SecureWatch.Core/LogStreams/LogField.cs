namespace SecureWatch.Core.LogStreams;

/// <summary>One column of a log type.</summary>
public sealed record LogField(string Name, LogFieldKind Kind);
