using System.Diagnostics;
using System.Globalization;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>Latency of one path over the measured messages; times in milliseconds (nearest-rank percentiles).</summary>
public sealed record LatencySummary(int Sent, int Arrived, double P50, double P90, double P99, double Max, double Mean)
{
    public int Missing => Sent - Arrived;

    /// <param name="sent">Start timestamps (Stopwatch) by sequence, 0 where unknown (those are left out).</param>
    /// <param name="arrived">Arrival timestamps by sequence, 0 where nothing arrived.</param>
    /// <param name="measured">The measured sequences (the warmup excluded).</param>
    public static LatencySummary Compute(ReadOnlySpan<long> sent, ReadOnlySpan<long> arrived, Range measured)
    {
        var (offset, length) = measured.GetOffsetAndLength(sent.Length);
        var latencies = new double[length];
        var count = 0;
        for (var i = offset; i < offset + length; i++)
        {
            if (arrived[i] != 0 && sent[i] != 0)
            {
                latencies[count++] = (arrived[i] - sent[i]) * 1000.0 / Stopwatch.Frequency;
            }
        }

        var values = latencies.AsSpan(0, count);
        values.Sort();
        return count == 0
            ? new LatencySummary(length, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new LatencySummary(
                length, count, Percentile(values, 0.50), Percentile(values, 0.90), Percentile(values, 0.99), values[^1], Average(values));
    }

    public string Describe(string path) => string.Create(
        CultureInfo.InvariantCulture,
        $"{path}: arrived {Arrived} of {Sent} (missing {Missing}); ms p50 {P50:F1}  p90 {P90:F1}  p99 {P99:F1}  max {Max:F1}  (mean {Mean:F1})");

    private static double Percentile(ReadOnlySpan<double> sorted, double quantile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static double Average(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }
}
