namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>An internal node of a <see cref="GrownTree"/>: a numeric bin threshold or a categorical bin mask.</summary>
internal sealed class GrownSplit
{
    public int Feature { get; init; }

    public int ThresholdBin { get; init; }

    /// <summary>For a categorical split, the bins that go left; null for a numeric split.</summary>
    public bool[]? CategoryMask { get; init; }

    public int Left { get; set; }

    public int Right { get; set; }
}
