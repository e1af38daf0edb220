namespace SecureWatch.Benchmarks.Latency;

/// <summary>
/// Receives one SignalR invocation record (JSON, without the record separator) and the Stopwatch timestamp of the
/// WebSocket read that completed it. The span is only valid during the call.
/// </summary>
public delegate void SignalRInvocationHandler(ReadOnlySpan<byte> invocation, long receivedTimestamp);
