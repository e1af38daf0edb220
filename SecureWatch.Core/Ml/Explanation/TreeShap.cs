using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// Exact Shapley values of a binary GBDT's log-odds: path-dependent TreeSHAP (Lundberg, Erion and Lee,
/// "Consistent Individualized Feature Attribution for Tree Ensembles", algorithm 2), where a feature left out
/// of a coalition follows both branches weighted by the training rows (cover) that took each. The values of a
/// row sum to its log-odds minus <see cref="BaseValue"/>, the cover-weighted mean log-odds of the training rows.
/// Scratch lives on the stack: explaining a row allocates nothing.
/// </summary>
internal sealed class TreeShap
{
    private readonly GbdtModel _model;
    private readonly double[] _nodeCovers;
    private readonly int _maxDepth;

    public TreeShap(GbdtModel model)
    {
        if (!model.HasCovers || model.OutputCount != 1)
        {
            throw new ArgumentException("TreeSHAP needs a binary GBDT whose file kept its leaf covers.", nameof(model));
        }

        _model = model;
        _nodeCovers = new double[model.NodeCount];
        double baseValue = model.BaseScores[0];
        foreach (var root in model.Roots)
        {
            var (cover, weighted, depth) = Summarise(root);
            baseValue += weighted / cover;
            _maxDepth = Math.Max(_maxDepth, depth);
        }

        BaseValue = baseValue;
        PathBufferLength = (_maxDepth + 2) * (_maxDepth + 3) / 2;
    }

    public double BaseValue { get; }

    public int FeatureCount => _model.FeatureCount;

    /// <summary>Path elements <see cref="Explain"/> needs as scratch for the deepest tree.</summary>
    public int PathBufferLength { get; }

    /// <summary>Adds each feature's Shapley value for <paramref name="row"/> to <paramref name="phi"/>.</summary>
    public void Explain(ReadOnlySpan<float> row, Span<double> phi, Span<ShapPathElement> path)
    {
        if (row.Length != FeatureCount || phi.Length != FeatureCount || path.Length < PathBufferLength)
        {
            throw new ArgumentException("The row, the values and the path buffer must fit the model.", nameof(row));
        }

        foreach (var root in _model.Roots)
        {
            if (root >= 0)
            {
                Recurse(row, phi, path, root, 0, 0, 1, 1, -1);
            }
        }
    }

    private void Recurse(
        ReadOnlySpan<float> row, Span<double> phi, Span<ShapPathElement> buffer, int node, int parentStart, int depth,
        double zeroFraction, double oneFraction, int feature)
    {
        // Each level works on its own copy of the path, placed after the parent's (depth + 1 elements long).
        var start = parentStart + depth;
        if (depth > 0)
        {
            buffer.Slice(parentStart, depth).CopyTo(buffer[start..]);
        }

        var path = buffer[start..];
        Extend(path, depth, zeroFraction, oneFraction, feature);
        if (node < 0)
        {
            var value = _model.Leaves[~node];
            for (var i = 1; i <= depth; i++)
            {
                var element = path[i];
                phi[element.Feature] += UnwoundSum(path, depth, i) * (element.OneFraction - element.ZeroFraction) * value;
            }

            return;
        }

        var split = _model.Nodes[node];
        var (hot, cold) = _model.GoesLeft(node, row[split.Feature]) ? (split.Left, split.Right) : (split.Right, split.Left);
        var cover = _nodeCovers[node];
        var incomingZero = 1.0;
        var incomingOne = 1.0;

        // A feature met again on the path is undone first, so that it appears once with the combined fractions.
        var previous = 0;
        while (previous <= depth && path[previous].Feature != split.Feature)
        {
            previous++;
        }

        if (previous <= depth)
        {
            incomingZero = path[previous].ZeroFraction;
            incomingOne = path[previous].OneFraction;
            Unwind(path, depth, previous);
            depth--;
        }

        Recurse(row, phi, buffer, hot, start, depth + 1, CoverOf(hot) / cover * incomingZero, incomingOne, split.Feature);
        Recurse(row, phi, buffer, cold, start, depth + 1, CoverOf(cold) / cover * incomingZero, 0, split.Feature);
    }

    private static void Extend(Span<ShapPathElement> path, int depth, double zeroFraction, double oneFraction, int feature)
    {
        path[depth] = new ShapPathElement(feature, zeroFraction, oneFraction, depth == 0 ? 1 : 0);
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += oneFraction * path[i].Weight * (i + 1) / (depth + 1);
            path[i].Weight = zeroFraction * path[i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Span<ShapPathElement> path, int depth, int index)
    {
        var one = path[index].OneFraction;
        var zero = path[index].ZeroFraction;
        var next = path[depth].Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var kept = path[i].Weight;
                path[i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = kept - (path[i].Weight * zero * (depth - i) / (depth + 1));
            }
            else
            {
                path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
            }
        }

        for (var i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].ZeroFraction = path[i + 1].ZeroFraction;
            path[i].OneFraction = path[i + 1].OneFraction;
        }
    }

    private static double UnwoundSum(ReadOnlySpan<ShapPathElement> path, int depth, int index)
    {
        var one = path[index].OneFraction;
        var zero = path[index].ZeroFraction;
        var next = path[depth].Weight;
        var total = 0.0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var weight = next * (depth + 1) / ((i + 1) * one);
                total += weight;
                next = path[i].Weight - (weight * zero * (depth - i) / (depth + 1));
            }
            else if (zero != 0)
            {
                total += path[i].Weight * (depth + 1) / (zero * (depth - i));
            }
        }

        return total;
    }

    private double CoverOf(int child) => child >= 0 ? _nodeCovers[child] : _model.LeafCovers[~child];

    /// <summary>Fills the node covers below <paramref name="node"/>: (cover, cover-weighted leaf sum, depth).</summary>
    private (double Cover, double Weighted, int Depth) Summarise(int node)
    {
        if (node < 0)
        {
            double cover = _model.LeafCovers[~node];
            return (cover, cover * _model.Leaves[~node], 0);
        }

        var split = _model.Nodes[node];
        var left = Summarise(split.Left);
        var right = Summarise(split.Right);
        _nodeCovers[node] = left.Cover + right.Cover;
        return (_nodeCovers[node], left.Weighted + right.Weighted, 1 + Math.Max(left.Depth, right.Depth));
    }
}
