using SecureWatch.Core.Ml.Anomaly;

namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// Which features isolated a record in an isolation forest. In each tree the record's path is compared with
/// the mean path of an ordinary point, c(sample size): the difference (positive when the record was isolated
/// sooner, i.e. pushes toward anomaly) is shared among the splits on the path in proportion to 1 / (depth + 1),
/// so the first splits, which cut the record off from most of the sample, earn most. A feature's contribution
/// is its splits' share averaged over the trees; the contributions sum to c(sample size) minus the record's
/// mean path length, the quantity the anomaly score 2^(-mean path / c) grows with.
/// </summary>
internal static class IsolationPathAttribution
{
    /// <summary>Maximum isolation tree depth a path can have (trees are validated to at most 64 levels).</summary>
    private const int MaxPath = 65;

    /// <summary>Adds each feature's contribution to <paramref name="contributions"/>; returns the mean path length.</summary>
    public static double Explain(IsolationForestModel forest, ReadOnlySpan<float> row, Span<double> contributions)
    {
        var width = forest.FeatureCount;
        if (row.Length != width || contributions.Length != width)
        {
            throw new ArgumentException("The row and the contributions must fit the forest.", nameof(row));
        }

        Span<float> transformed = stackalloc float[width];
        for (var f = 0; f < width; f++)
        {
            transformed[f] = forest.TransformValue(f, row[f]);
        }

        Span<int> features = stackalloc int[MaxPath];
        var ordinary = forest.AveragePathOfSample;
        var nodes = forest.Nodes;
        var totalPath = 0.0;
        foreach (var root in forest.Roots)
        {
            var length = 0;
            var node = root;
            while (node >= 0)
            {
                ref readonly var split = ref nodes[node];
                features[length++] = split.Feature;
                node = transformed[split.Feature] < split.Threshold ? split.Left : split.Right;
            }

            var path = forest.LeafDepths[~node];
            totalPath += path;
            if (length == 0)
            {
                continue;
            }

            var weights = 0.0;
            for (var d = 0; d < length; d++)
            {
                weights += 1.0 / (d + 1);
            }

            var saved = (ordinary - path) / forest.TreeCount;
            for (var d = 0; d < length; d++)
            {
                contributions[features[d]] += saved / ((d + 1) * weights);
            }
        }

        return totalPath / forest.TreeCount;
    }
}
