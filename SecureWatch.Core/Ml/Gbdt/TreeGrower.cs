namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// Grows one regression tree on gradient/hessian pairs from histograms: best-first (leaf-wise) up to
/// MaxLeaves, bounded by MaxDepth, with the sibling histogram obtained by subtraction.
/// </summary>
internal sealed class TreeGrower
{
    private readonly FeatureBins _bins;
    private readonly byte[] _binned;
    private readonly int _featureCount;
    private readonly GbdtOptions _options;
    private readonly int[] _scratch;

    public TreeGrower(FeatureBins bins, byte[] binned, GbdtOptions options)
    {
        _bins = bins;
        _binned = binned;
        _featureCount = bins.FeatureCount;
        _options = options;
        _scratch = new int[binned.Length / _featureCount];
    }

    public GrownTree Grow(int[] rows, double[] gradients, double[] hessians, bool[] featureAllowed)
    {
        var tree = new GrownTree();
        var leaves = new List<Leaf>();
        var root = new Leaf { Start = 0, Count = rows.Length, Depth = 0, ParentNode = -1 };
        root.Histogram = BuildHistogram(rows, 0, rows.Length, gradients, hessians);
        (root.SumGradient, root.SumHessian) = Sums(rows, 0, rows.Length, gradients, hessians);
        root.Best = FindBestSplit(root, featureAllowed);
        leaves.Add(root);

        while (leaves.Count < _options.MaxLeaves)
        {
            var chosen = -1;
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].Best is { } best && best.Gain > _options.MinSplitGain &&
                    (chosen < 0 || best.Gain > leaves[chosen].Best!.Gain))
                {
                    chosen = i;
                }
            }

            if (chosen < 0)
            {
                break;
            }

            Split(tree, leaves, chosen, rows, gradients, hessians, featureAllowed);
        }

        foreach (var leaf in leaves)
        {
            tree.LeafValues.Add(-leaf.SumGradient / (leaf.SumHessian + _options.L2));
            tree.LeafCounts.Add(leaf.Count);
        }

        return tree;
    }

    private void Split(GrownTree tree, List<Leaf> leaves, int leafId, int[] rows, double[] g, double[] h, bool[] allowed)
    {
        var parent = leaves[leafId];
        var split = parent.Best!;
        var leftCount = Partition(rows, parent.Start, parent.Count, split);

        var nodeIndex = tree.Nodes.Count;
        var rightId = leaves.Count;
        tree.Nodes.Add(new GrownSplit
        {
            Feature = split.Feature,
            ThresholdBin = split.ThresholdBin,
            CategoryMask = split.CategoryMask,
            Left = ~leafId,
            Right = ~rightId,
        });
        if (parent.ParentNode >= 0)
        {
            if (parent.IsLeftChild)
            {
                tree.Nodes[parent.ParentNode].Left = nodeIndex;
            }
            else
            {
                tree.Nodes[parent.ParentNode].Right = nodeIndex;
            }
        }

        var left = new Leaf { Start = parent.Start, Count = leftCount, Depth = parent.Depth + 1, ParentNode = nodeIndex, IsLeftChild = true };
        var right = new Leaf
        {
            Start = parent.Start + leftCount,
            Count = parent.Count - leftCount,
            Depth = parent.Depth + 1,
            ParentNode = nodeIndex,
        };
        (left.SumGradient, left.SumHessian) = Sums(rows, left.Start, left.Count, g, h);
        right.SumGradient = parent.SumGradient - left.SumGradient;
        right.SumHessian = parent.SumHessian - left.SumHessian;

        var (small, large) = left.Count <= right.Count ? (left, right) : (right, left);
        small.Histogram = BuildHistogram(rows, small.Start, small.Count, g, h);
        large.Histogram = parent.Histogram!;
        large.Histogram.Subtract(small.Histogram);
        parent.Histogram = null;

        left.Best = FindBestSplit(left, allowed);
        right.Best = FindBestSplit(right, allowed);
        leaves[leafId] = left;
        leaves.Add(right);
    }

    private int Partition(int[] rows, int start, int count, SplitCandidate split)
    {
        var leftCount = 0;
        var rightCount = 0;
        for (var i = start; i < start + count; i++)
        {
            var row = rows[i];
            var bin = _binned[(row * _featureCount) + split.Feature];
            var goesLeft = split.CategoryMask is { } mask ? mask[bin] : bin <= split.ThresholdBin;
            if (goesLeft)
            {
                rows[start + leftCount++] = row;
            }
            else
            {
                _scratch[rightCount++] = row;
            }
        }

        Array.Copy(_scratch, 0, rows, start + leftCount, rightCount);
        return leftCount;
    }

    private static (double G, double H) Sums(int[] rows, int start, int count, double[] g, double[] h)
    {
        double sg = 0, sh = 0;
        for (var i = start; i < start + count; i++)
        {
            sg += g[rows[i]];
            sh += h[rows[i]];
        }

        return (sg, sh);
    }

    private Histogram BuildHistogram(int[] rows, int start, int count, double[] g, double[] h)
    {
        var histogram = new Histogram(_bins.TotalBins);
        var offsets = _bins.Offsets;
        var hg = histogram.Gradients;
        var hh = histogram.Hessians;
        var hc = histogram.Counts;
        for (var i = start; i < start + count; i++)
        {
            var row = rows[i];
            var gi = g[row];
            var hi = h[row];
            var binnedRow = _binned.AsSpan(row * _featureCount, _featureCount);
            for (var f = 0; f < binnedRow.Length; f++)
            {
                var b = offsets[f] + binnedRow[f];
                hg[b] += gi;
                hh[b] += hi;
                hc[b]++;
            }
        }

        return histogram;
    }

    private SplitCandidate? FindBestSplit(Leaf leaf, bool[] allowed)
    {
        if (leaf.Count < 2 * _options.MinDataInLeaf || (_options.MaxDepth > 0 && leaf.Depth >= _options.MaxDepth))
        {
            return null;
        }

        SplitCandidate? best = null;
        var parentScore = Score(leaf.SumGradient, leaf.SumHessian);
        for (var f = 0; f < _featureCount; f++)
        {
            if (!allowed[f])
            {
                continue;
            }

            var candidate = _bins.CategoryCounts[f] > 0
                ? BestCategorical(leaf, f, parentScore)
                : BestNumeric(leaf, f, parentScore);
            if (candidate is not null && (best is null || candidate.Gain > best.Gain))
            {
                best = candidate;
            }
        }

        return best;
    }

    private SplitCandidate? BestNumeric(Leaf leaf, int feature, double parentScore)
    {
        var histogram = leaf.Histogram!;
        var offset = _bins.Offsets[feature];
        var binCount = _bins.BinCounts[feature];
        double gl = 0, hl = 0;
        var cl = 0;
        SplitCandidate? best = null;
        for (var b = 0; b < binCount - 1; b++)
        {
            gl += histogram.Gradients[offset + b];
            hl += histogram.Hessians[offset + b];
            cl += histogram.Counts[offset + b];
            var gain = Gain(leaf, gl, hl, cl, parentScore);
            if (gain > (best?.Gain ?? 0))
            {
                best = new SplitCandidate(feature, gain, b, null);
            }
        }

        return best;
    }

    private SplitCandidate? BestCategorical(Leaf leaf, int feature, double parentScore)
    {
        var histogram = leaf.Histogram!;
        var offset = _bins.Offsets[feature];
        var categories = new List<int>();
        for (var c = 0; c < _bins.CategoryCounts[feature]; c++)
        {
            if (histogram.Counts[offset + c] >= _options.MinDataPerCategory)
            {
                categories.Add(c);
            }
        }

        if (categories.Count == 0)
        {
            return null;
        }

        // Ordering categories by gradient/hessian ratio makes the best subset a prefix (Fisher 1958), as in LightGBM.
        var smoothing = _options.CategorySmoothing;
        categories.Sort((a, b) =>
        {
            var ra = histogram.Gradients[offset + a] / (histogram.Hessians[offset + a] + smoothing);
            var rb = histogram.Gradients[offset + b] / (histogram.Hessians[offset + b] + smoothing);
            var byRatio = ra.CompareTo(rb);
            return byRatio != 0 ? byRatio : a.CompareTo(b);
        });

        SplitCandidate? best = null;
        var limit = Math.Min(_options.MaxCategoriesPerSplit, categories.Count);
        for (var direction = 0; direction < 2; direction++)
        {
            double gl = 0, hl = 0;
            var cl = 0;
            for (var i = 0; i < limit; i++)
            {
                var c = direction == 0 ? categories[i] : categories[categories.Count - 1 - i];
                gl += histogram.Gradients[offset + c];
                hl += histogram.Hessians[offset + c];
                cl += histogram.Counts[offset + c];
                var gain = Gain(leaf, gl, hl, cl, parentScore);
                if (gain > (best?.Gain ?? 0))
                {
                    var mask = new bool[_bins.BinCounts[feature]];
                    for (var j = 0; j <= i; j++)
                    {
                        mask[direction == 0 ? categories[j] : categories[categories.Count - 1 - j]] = true;
                    }

                    // Categories unseen in training (the last bin) follow the larger side at scoring time.
                    mask[^1] = 2 * cl > leaf.Count;
                    best = new SplitCandidate(feature, gain, -1, mask);
                }
            }
        }

        return best;
    }

    private double Gain(Leaf leaf, double gl, double hl, int cl, double parentScore)
    {
        var cr = leaf.Count - cl;
        var hr = leaf.SumHessian - hl;
        if (cl < _options.MinDataInLeaf || cr < _options.MinDataInLeaf ||
            hl < _options.MinSumHessianInLeaf || hr < _options.MinSumHessianInLeaf)
        {
            return 0;
        }

        return Score(gl, hl) + Score(leaf.SumGradient - gl, hr) - parentScore;
    }

    private double Score(double g, double h) => g * g / (h + _options.L2);

    private sealed class Leaf
    {
        public int Start { get; init; }

        public int Count { get; init; }

        public int Depth { get; init; }

        public int ParentNode { get; init; }

        public bool IsLeftChild { get; init; }

        public double SumGradient { get; set; }

        public double SumHessian { get; set; }

        public Histogram? Histogram { get; set; }

        public SplitCandidate? Best { get; set; }
    }

    private sealed class Histogram(int bins)
    {
        public double[] Gradients { get; } = new double[bins];

        public double[] Hessians { get; } = new double[bins];

        public int[] Counts { get; } = new int[bins];

        public void Subtract(Histogram other)
        {
            for (var i = 0; i < Gradients.Length; i++)
            {
                Gradients[i] -= other.Gradients[i];
                Hessians[i] -= other.Hessians[i];
                Counts[i] -= other.Counts[i];
            }
        }
    }
}
