namespace SecureWatch.Core.Ml.Anomaly;

public sealed record IsolationForestOptions
{
    public int Trees { get; init; } = 100;

    /// <summary>Rows drawn per tree; 256 is the value of the original paper (Liu, Ting and Zhou 2008).</summary>
    public int SampleSize { get; init; } = 256;

    public ulong Seed { get; init; } = 42;

    /// <summary>Columns the trees may split on; null means all. Transforms are still kept for every column.</summary>
    public IReadOnlyList<int>? Features { get; init; }
}
