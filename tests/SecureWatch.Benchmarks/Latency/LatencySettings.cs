namespace SecureWatch.Benchmarks.Latency;

/// <param name="Rate">Messages per second the producer sustains.</param>
/// <param name="Seconds">Length of the measured period.</param>
/// <param name="Warmup">Seconds produced first and left out of the figures (JIT, connection pools, batch sizes settling).</param>
/// <param name="Drain">After the last send, how long to wait for stragglers without progress before counting them missing.</param>
/// <param name="LingerMs">The producer's linger.ms: how long it may hold a message to batch it.</param>
/// <param name="MeasureTopic">Whether to also time arrival on the predictions topic (one more consumer in the process).</param>
public sealed record LatencySettings(double Rate, int Seconds, int Warmup, int Drain, double LingerMs, bool MeasureTopic)
{
    public int WarmupMessages => (int)(Rate * Warmup);

    public int TotalMessages => (int)(Rate * (Warmup + Seconds));
}
