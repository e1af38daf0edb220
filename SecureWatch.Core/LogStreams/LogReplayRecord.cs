namespace SecureWatch.Core.LogStreams;

/// <summary>One envelope made from a CSV row: its 1-based data row number in the file (header excluded) and its UTF-8 JSON.</summary>
public readonly record struct LogReplayRecord(long RowNumber, ReadOnlyMemory<byte> Utf8);
