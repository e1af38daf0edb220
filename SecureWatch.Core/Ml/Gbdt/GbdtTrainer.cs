namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// Histogram-based gradient boosting (binary logistic or multiclass softmax) with shrinkage, L2-regularised
/// leaves, row and feature subsampling and early stopping. Single-threaded and seeded, so the same data,
/// options and seed always give the same model bit for bit.
/// </summary>
public static class GbdtTrainer
{
    public static GbdtTrainingResult Train(
        TrainingMatrix train,
        int[] labels,
        GbdtOptions options,
        float[]? weights = null,
        TrainingMatrix? validation = null,
        int[]? validationLabels = null)
    {
        var outputs = options.Objective == GbdtObjective.Binary ? 1 : options.ClassCount;
        var classes = options.Objective == GbdtObjective.Binary ? 2 : options.ClassCount;
        Validate(train, labels, weights, classes, validation, validationLabels);

        var bins = FeatureBins.Build(train, options.MaxBins);
        var binned = bins.BinAll(train);
        var validationBinned = validation is null ? null : bins.BinAll(validation);
        var grower = new TreeGrower(bins, binned, options);
        var rng = new SplitMix64(options.Seed);

        var n = train.RowCount;
        var baseScores = BaseScores(labels, weights, outputs, classes);
        var scores = InitialScores(baseScores, n);

        var validationRows = validation?.RowCount ?? 0;
        var validationScores = InitialScores(baseScores, validationRows);

        var gradients = new double[outputs][];
        var hessians = new double[outputs][];
        for (var k = 0; k < outputs; k++)
        {
            gradients[k] = new double[n];
            hessians[k] = new double[n];
        }

        var allRows = Enumerable.Range(0, n).ToArray();
        var sampleSize = Math.Max(1, (int)Math.Round(n * Math.Clamp(options.RowSubsample, 0, 1)));
        var featuresPerTree = Math.Max(1, (int)Math.Round(train.FeatureCount * Math.Clamp(options.FeatureSubsample, 0, 1)));
        var featureOrder = Enumerable.Range(0, train.FeatureCount).ToArray();
        var trees = new List<GrownTree>();
        var bestLoss = double.PositiveInfinity;
        var bestRound = 0;

        for (var round = 0; round < options.Rounds; round++)
        {
            ComputeGradients(scores, labels, weights, outputs, gradients, hessians);
            var rows = SampleRows(allRows, sampleSize, ref rng);
            for (var k = 0; k < outputs; k++)
            {
                var allowed = SampleFeatures(featureOrder, featuresPerTree, ref rng);
                var tree = grower.Grow(rows, gradients[k], hessians[k], allowed);
                for (var i = 0; i < tree.LeafValues.Count; i++)
                {
                    tree.LeafValues[i] = (float)(tree.LeafValues[i] * options.LearningRate);
                }

                trees.Add(tree);
                AddTree(tree, binned, train.FeatureCount, scores, outputs, k);
                if (validationBinned is not null)
                {
                    AddTree(tree, validationBinned, train.FeatureCount, validationScores, outputs, k);
                }
            }

            if (validationBinned is null)
            {
                bestRound = round + 1;
                continue;
            }

            var loss = LogLoss(validationScores, validationLabels!, outputs);
            if (loss < bestLoss - 1e-12)
            {
                bestLoss = loss;
                bestRound = round + 1;
            }
            else if (options.EarlyStoppingRounds > 0 && round + 1 - bestRound >= options.EarlyStoppingRounds)
            {
                break;
            }
        }

        var model = Flatten(trees.Take(bestRound * outputs).ToList(), bins, options.Objective, train.FeatureCount, baseScores);
        return new GbdtTrainingResult(model, bestRound, validationBinned is null ? double.NaN : bestLoss);
    }

    private static void Validate(
        TrainingMatrix train, int[] labels, float[]? weights, int classes, TrainingMatrix? validation, int[]? validationLabels)
    {
        if (labels.Length != train.RowCount || (weights is not null && weights.Length != train.RowCount))
        {
            throw new ArgumentException("One label (and weight) per training row is required.", nameof(labels));
        }

        if (labels.Any(l => (uint)l >= (uint)classes) || (validationLabels?.Any(l => (uint)l >= (uint)classes) ?? false))
        {
            throw new ArgumentException($"Labels must be class indexes below {classes}.", nameof(labels));
        }

        if (validation is not null && (validationLabels is null || validationLabels.Length != validation.RowCount ||
            validation.FeatureCount != train.FeatureCount))
        {
            throw new ArgumentException("Validation rows need labels and the training width.", nameof(validation));
        }
    }

    private static double[] InitialScores(float[] baseScores, int rows)
    {
        var scores = new double[rows * baseScores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = baseScores[i % baseScores.Length];
        }

        return scores;
    }

    private static float[] BaseScores(int[] labels, float[]? weights, int outputs, int classes)
    {
        var totals = new double[classes];
        for (var i = 0; i < labels.Length; i++)
        {
            totals[labels[i]] += weights?[i] ?? 1.0;
        }

        var sum = totals.Sum();
        if (outputs == 1)
        {
            var p = Math.Clamp(totals[1] / sum, 1e-6, 1 - 1e-6);
            return [(float)Math.Log(p / (1 - p))];
        }

        var logs = totals.Select(t => Math.Log(Math.Max(t / sum, 1e-6))).ToArray();
        var mean = logs.Average();
        return [.. logs.Select(l => (float)(l - mean))];
    }

    private static void ComputeGradients(
        double[] scores, int[] labels, float[]? weights, int outputs, double[][] gradients, double[][] hessians)
    {
        Span<double> p = stackalloc double[outputs];
        for (var r = 0; r < labels.Length; r++)
        {
            var w = weights?[r] ?? 1.0;
            if (outputs == 1)
            {
                var prob = 1 / (1 + Math.Exp(-scores[r]));
                gradients[0][r] = (prob - labels[r]) * w;
                hessians[0][r] = Math.Max(prob * (1 - prob), 1e-16) * w;
                continue;
            }

            var max = double.NegativeInfinity;
            for (var k = 0; k < outputs; k++)
            {
                max = Math.Max(max, scores[(r * outputs) + k]);
            }

            double sum = 0;
            for (var k = 0; k < outputs; k++)
            {
                p[k] = Math.Exp(scores[(r * outputs) + k] - max);
                sum += p[k];
            }

            for (var k = 0; k < outputs; k++)
            {
                var prob = p[k] / sum;
                gradients[k][r] = (prob - (labels[r] == k ? 1 : 0)) * w;
                hessians[k][r] = Math.Max(prob * (1 - prob), 1e-16) * w;
            }
        }
    }

    private static double LogLoss(double[] scores, int[] labels, int outputs)
    {
        double total = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            if (outputs == 1)
            {
                var prob = Math.Clamp(1 / (1 + Math.Exp(-scores[r])), 1e-15, 1 - 1e-15);
                total -= labels[r] == 1 ? Math.Log(prob) : Math.Log(1 - prob);
                continue;
            }

            var max = double.NegativeInfinity;
            for (var k = 0; k < outputs; k++)
            {
                max = Math.Max(max, scores[(r * outputs) + k]);
            }

            double sum = 0;
            for (var k = 0; k < outputs; k++)
            {
                sum += Math.Exp(scores[(r * outputs) + k] - max);
            }

            total -= scores[(r * outputs) + labels[r]] - max - Math.Log(sum);
        }

        return total / Math.Max(1, labels.Length);
    }

    private static int[] SampleRows(int[] allRows, int sampleSize, ref SplitMix64 rng)
    {
        if (sampleSize >= allRows.Length)
        {
            return (int[])allRows.Clone();
        }

        var pool = (int[])allRows.Clone();
        for (var i = 0; i < sampleSize; i++)
        {
            var j = i + rng.NextInt(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        var sample = pool[..sampleSize];
        Array.Sort(sample);
        return sample;
    }

    private static bool[] SampleFeatures(int[] featureOrder, int count, ref SplitMix64 rng)
    {
        var allowed = new bool[featureOrder.Length];
        if (count >= featureOrder.Length)
        {
            Array.Fill(allowed, true);
            return allowed;
        }

        rng.Shuffle(featureOrder.AsSpan());
        for (var i = 0; i < count; i++)
        {
            allowed[featureOrder[i]] = true;
        }

        return allowed;
    }

    private static void AddTree(GrownTree tree, byte[] binned, int featureCount, double[] scores, int outputs, int output)
    {
        var rows = binned.Length / featureCount;
        for (var r = 0; r < rows; r++)
        {
            scores[(r * outputs) + output] += tree.LeafValues[tree.LeafOf(binned.AsSpan(r * featureCount, featureCount))];
        }
    }

    private static GbdtModel Flatten(List<GrownTree> trees, FeatureBins bins, GbdtObjective objective, int featureCount, float[] baseScores)
    {
        var nodes = new List<GbdtNode>();
        var roots = new List<int>();
        var leaves = new List<float>();
        var bits = new List<uint>();
        var covers = new List<int>();
        foreach (var tree in trees)
        {
            var nodeOffset = nodes.Count;
            var leafOffset = leaves.Count;
            int Map(int child) => child >= 0 ? nodeOffset + child : ~(leafOffset + ~child);
            roots.Add(tree.Nodes.Count > 0 ? nodeOffset : ~leafOffset);
            foreach (var split in tree.Nodes)
            {
                if (split.CategoryMask is { } mask)
                {
                    var categories = bins.CategoryCounts[split.Feature];
                    var words = (categories + 31) / 32;
                    var offset = bits.Count;
                    bits.AddRange(new uint[words]);
                    var unseenLeft = mask[categories];
                    for (var c = 0; c < words * 32; c++)
                    {
                        if (c < categories ? mask[c] : unseenLeft)
                        {
                            bits[offset + (c >> 5)] |= 1u << (c & 31);
                        }
                    }

                    nodes.Add(new GbdtNode(split.Feature, unseenLeft ? 1 : 0, Map(split.Left), Map(split.Right), offset, words));
                }
                else
                {
                    var threshold = bins.UpperBounds[split.Feature][split.ThresholdBin];
                    nodes.Add(new GbdtNode(split.Feature, threshold, Map(split.Left), Map(split.Right), -1, 0));
                }
            }

            leaves.AddRange(tree.LeafValues.Select(v => (float)v));
            covers.AddRange(tree.LeafCounts);
        }

        return new GbdtModel(objective, featureCount, baseScores, [.. nodes], [.. roots], [.. leaves], [.. bits], [.. covers]);
    }
}
