namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// Per-feature bin layout used during training. Numeric features get at most MaxBins quantile bins whose
/// upper bounds become split thresholds; a categorical feature gets one bin per category plus a last bin
/// for codes outside the vocabulary.
/// </summary>
internal sealed class FeatureBins
{
    private FeatureBins(float[][] upperBounds, int[] categoryCounts)
    {
        UpperBounds = upperBounds;
        CategoryCounts = categoryCounts;
        BinCounts = new int[upperBounds.Length];
        Offsets = new int[upperBounds.Length];
        var total = 0;
        for (var f = 0; f < upperBounds.Length; f++)
        {
            BinCounts[f] = categoryCounts[f] > 0 ? categoryCounts[f] + 1 : upperBounds[f].Length;
            Offsets[f] = total;
            total += BinCounts[f];
        }

        TotalBins = total;
    }

    /// <summary>For numeric features: ascending bin upper bounds, the last one +infinity.</summary>
    public float[][] UpperBounds { get; }

    public int[] CategoryCounts { get; }

    public int[] BinCounts { get; }

    /// <summary>Start of each feature's bins in a flat histogram.</summary>
    public int[] Offsets { get; }

    public int TotalBins { get; }

    public int FeatureCount => UpperBounds.Length;

    public static FeatureBins Build(TrainingMatrix matrix, int maxBins)
    {
        if (maxBins is < 2 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBins), "Between 2 and 255 bins are supported.");
        }

        var bounds = new float[matrix.FeatureCount][];
        var column = new float[matrix.RowCount];
        for (var f = 0; f < matrix.FeatureCount; f++)
        {
            var categories = matrix.CategoryCounts[f];
            if (categories > 0)
            {
                if (categories > 254)
                {
                    throw new ArgumentException("At most 254 categories per feature are supported.", nameof(matrix));
                }

                bounds[f] = [];
                continue;
            }

            for (var r = 0; r < matrix.RowCount; r++)
            {
                column[r] = matrix.Values[(r * matrix.FeatureCount) + f];
            }

            bounds[f] = NumericBounds(column, maxBins);
        }

        return new FeatureBins(bounds, (int[])matrix.CategoryCounts.Clone());
    }

    /// <summary>Bins the whole matrix row-major, one byte per cell.</summary>
    public byte[] BinAll(TrainingMatrix matrix)
    {
        var bins = new byte[matrix.Values.Length];
        for (var r = 0; r < matrix.RowCount; r++)
        {
            var row = matrix.Row(r);
            for (var f = 0; f < FeatureCount; f++)
            {
                bins[(r * FeatureCount) + f] = (byte)BinOf(f, row[f]);
            }
        }

        return bins;
    }

    public int BinOf(int feature, float value)
    {
        var categories = CategoryCounts[feature];
        if (categories > 0)
        {
            var code = (int)value;
            return value >= 0 && code < categories ? code : categories;
        }

        var bounds = UpperBounds[feature];
        if (float.IsNaN(value))
        {
            return bounds.Length - 1;
        }

        var lo = 0;
        var hi = bounds.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (value <= bounds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private static float[] NumericBounds(float[] column, int maxBins)
    {
        var values = column.Where(v => !float.IsNaN(v)).ToArray();
        Array.Sort(values);
        var distinct = new List<float>();
        var counts = new List<int>();
        foreach (var v in values)
        {
            if (distinct.Count > 0 && distinct[^1] == v)
            {
                counts[^1]++;
            }
            else
            {
                distinct.Add(v);
                counts.Add(1);
            }
        }

        var bounds = new List<float>();
        if (distinct.Count <= maxBins)
        {
            for (var i = 0; i + 1 < distinct.Count; i++)
            {
                bounds.Add(Midpoint(distinct[i], distinct[i + 1]));
            }
        }
        else
        {
            // A quarter of the cuts go to the widest gaps between values, so that well separated groups
            // (the classic case of clusters) are split exactly; the rest are equal-frequency cuts.
            var gapCuts = maxBins / 4;
            var cuts = new SortedSet<int>(Enumerable.Range(0, distinct.Count - 1)
                .OrderByDescending(i => (double)distinct[i + 1] - distinct[i])
                .ThenBy(i => i)
                .Take(gapCuts));
            var frequencyCuts = maxBins - 1 - gapCuts;
            var filled = 0;
            var next = 1;
            for (var i = 0; i + 1 < distinct.Count && next <= frequencyCuts; i++)
            {
                filled += counts[i];
                if (filled >= (double)values.Length * next / (frequencyCuts + 1))
                {
                    cuts.Add(i);
                    while (next <= frequencyCuts && filled >= (double)values.Length * next / (frequencyCuts + 1))
                    {
                        next++;
                    }
                }
            }

            bounds.AddRange(cuts.Select(i => Midpoint(distinct[i], distinct[i + 1])));
        }

        bounds.Add(float.PositiveInfinity);
        return [.. bounds];
    }

    private static float Midpoint(float a, float b)
    {
        var mid = (float)((a + (double)b) / 2);
        return mid >= b ? a : mid;
    }
}
