namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>A tree as grown, still in bin space; children &lt; 0 are leaves (<c>~leaf</c>).</summary>
internal sealed class GrownTree
{
    public List<GrownSplit> Nodes { get; } = [];

    public List<double> LeafValues { get; } = [];

    /// <summary>Training rows that reached each leaf (the cover TreeSHAP weighs branches by).</summary>
    public List<int> LeafCounts { get; } = [];

    public int LeafOf(ReadOnlySpan<byte> binnedRow)
    {
        if (Nodes.Count == 0)
        {
            return 0;
        }

        var node = 0;
        while (true)
        {
            var split = Nodes[node];
            var bin = binnedRow[split.Feature];
            var left = split.CategoryMask is { } mask ? mask[bin] : bin <= split.ThresholdBin;
            var next = left ? split.Left : split.Right;
            if (next < 0)
            {
                return ~next;
            }

            node = next;
        }
    }
}
