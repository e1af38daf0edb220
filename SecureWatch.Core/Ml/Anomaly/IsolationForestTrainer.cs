using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Ml.Anomaly;

/// <summary>Fits an <see cref="IsolationForestModel"/>; deterministic for a seed.</summary>
public static class IsolationForestTrainer
{
    public static IsolationForestModel Train(TrainingMatrix normalRows, IsolationForestOptions options)
    {
        var n = normalRows.RowCount;
        var features = normalRows.FeatureCount;
        if (n < 2)
        {
            throw new ArgumentException("An isolation forest needs at least two rows.", nameof(normalRows));
        }

        var unseen = (float)Math.Log(0.5 / n);
        var transforms = new FeatureTransform[features];
        var frequencies = new float[features][];
        for (var f = 0; f < features; f++)
        {
            var categories = normalRows.CategoryCounts[f];
            if (categories > 0)
            {
                transforms[f] = FeatureTransform.CategoryFrequency;
                var counts = new int[categories];
                for (var r = 0; r < n; r++)
                {
                    var code = normalRows.Values[(r * features) + f];
                    if (code >= 0 && code < categories)
                    {
                        counts[(int)code]++;
                    }
                }

                frequencies[f] = [.. counts.Select(c => c == 0 ? unseen : (float)Math.Log((double)c / n))];
                continue;
            }

            frequencies[f] = [];
            var max = 0f;
            for (var r = 0; r < n; r++)
            {
                max = Math.Max(max, normalRows.Values[(r * features) + f]);
            }

            transforms[f] = max > 1 ? FeatureTransform.Log : FeatureTransform.Identity;
        }

        // Score on transformed values: one pass here so trees see exactly what scoring will compute.
        var shell = new IsolationForestModel(transforms, frequencies, unseen, [], [~0], [0], options.SampleSize);
        var data = new float[n * features];
        for (var r = 0; r < n; r++)
        {
            for (var f = 0; f < features; f++)
            {
                data[(r * features) + f] = shell.TransformValue(f, normalRows.Values[(r * features) + f]);
            }
        }

        int[] allowed = options.Features is { } chosen ? [.. chosen] : [.. Enumerable.Range(0, features)];
        if (allowed.Length == 0 || allowed.Any(f => (uint)f >= (uint)features))
        {
            throw new ArgumentException("The forest's feature subset must name existing columns.", nameof(options));
        }

        var sampleSize = Math.Min(options.SampleSize, n);
        var maxDepth = (int)Math.Ceiling(Math.Log2(sampleSize));
        var rng = new SplitMix64(options.Seed);
        var nodes = new List<IsolationNode>();
        var leaves = new List<float>();
        var roots = new int[options.Trees];
        var pool = Enumerable.Range(0, n).ToArray();
        for (var t = 0; t < options.Trees; t++)
        {
            for (var i = 0; i < sampleSize; i++)
            {
                var j = i + rng.NextInt(n - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            var sample = pool[..sampleSize];
            roots[t] = Build(data, features, allowed, sample, 0, maxDepth, nodes, leaves, ref rng);
        }

        return new IsolationForestModel(transforms, frequencies, unseen, [.. nodes], roots, [.. leaves], sampleSize);
    }

    private static int Build(
        float[] data,
        int features,
        int[] allowed,
        int[] rows,
        int depth,
        int maxDepth,
        List<IsolationNode> nodes,
        List<float> leaves,
        ref SplitMix64 rng)
    {
        if (depth < maxDepth && rows.Length > 1)
        {
            // Pick a random feature that still varies here; a handful of tries keeps it cheap and seeded.
            for (var attempt = 0; attempt < 2 * allowed.Length; attempt++)
            {
                var f = allowed[rng.NextInt(allowed.Length)];
                var min = float.PositiveInfinity;
                var max = float.NegativeInfinity;
                foreach (var r in rows)
                {
                    var v = data[(r * features) + f];
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                if (!(max > min))
                {
                    continue;
                }

                var threshold = (float)(min + (rng.NextDouble() * (max - min)));
                if (threshold <= min)
                {
                    threshold = max;
                }

                var left = rows.Where(r => data[(r * features) + f] < threshold).ToArray();
                var right = rows.Where(r => data[(r * features) + f] >= threshold).ToArray();
                var index = nodes.Count;
                nodes.Add(default);
                var leftChild = Build(data, features, allowed, left, depth + 1, maxDepth, nodes, leaves, ref rng);
                var rightChild = Build(data, features, allowed, right, depth + 1, maxDepth, nodes, leaves, ref rng);
                nodes[index] = new IsolationNode(f, threshold, leftChild, rightChild);
                return index;
            }
        }

        leaves.Add((float)(depth + IsolationForestModel.AveragePathLength(rows.Length)));
        return ~(leaves.Count - 1);
    }
}
