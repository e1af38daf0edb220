using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Anomaly;

/// <summary>
/// An isolation forest fitted on normal traffic only: records that are isolated in few random splits
/// (score near 1) look unlike anything normal, which catches attack types no labelled data contained.
/// Heavy-tailed counters are compared on a log scale and symbolic features by how common the value was
/// in normal traffic, so an unseen service or flag is itself a sign of anomaly.
/// </summary>
public sealed class IsolationForestModel
{
    /// <summary>Stack buffer bound for the transformed row; NSL-KDD has 41 features.</summary>
    private const int MaxStackFeatures = 256;

    private readonly FeatureTransform[] _transforms;
    private readonly float[][] _categoryLogFrequencies;
    private readonly float _unseenLogFrequency;
    private readonly IsolationNode[] _nodes;
    private readonly int[] _roots;
    private readonly float[] _leafDepths;
    private readonly float _averagePathOfSample;

    // Scoring layout: leaves are self-pointing nodes holding their path length, walked a fixed number of steps.
    private readonly IsolationNode[] _walk;
    private readonly float[] _walkPathLengths;
    private readonly int[] _walkRoots;
    private readonly int[] _depths;

    internal IsolationForestModel(
        FeatureTransform[] transforms,
        float[][] categoryLogFrequencies,
        float unseenLogFrequency,
        IsolationNode[] nodes,
        int[] roots,
        float[] leafDepths,
        int sampleSize)
    {
        if (transforms.Length is 0 or > MaxStackFeatures || categoryLogFrequencies.Length != transforms.Length)
        {
            throw new ArgumentException("One transform and frequency table per feature is required.", nameof(transforms));
        }

        _transforms = transforms;
        _categoryLogFrequencies = categoryLogFrequencies;
        _unseenLogFrequency = unseenLogFrequency;
        _nodes = nodes;
        _roots = roots;
        _leafDepths = leafDepths;
        SampleSize = sampleSize;
        _averagePathOfSample = (float)AveragePathLength(sampleSize);
        (_walk, _walkPathLengths, _walkRoots, _depths) = BuildWalkLayout(nodes, roots, leafDepths);
    }

    public int FeatureCount => _transforms.Length;

    public int TreeCount => _roots.Length;

    public int SampleSize { get; }

    internal ReadOnlySpan<IsolationNode> Nodes => _nodes;

    internal ReadOnlySpan<int> Roots => _roots;

    /// <summary>Path length credited at each leaf: its depth plus c(rows left in it).</summary>
    internal ReadOnlySpan<float> LeafDepths => _leafDepths;

    /// <summary>c(sample size): the mean path length of an ordinary point, the scale of the score.</summary>
    internal float AveragePathOfSample => _averagePathOfSample;

    /// <summary>Anomaly score in (0, 1]: about 0.5 or less is ordinary, close to 1 is isolated quickly.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"The model reads {FeatureCount} features, the row has {row.Length}.", nameof(row));
        }

        Span<float> transformed = stackalloc float[FeatureCount];
        Transform(row, transformed);
        return ScoreTransformedRow(transformed);
    }

    internal float ScoreTransformedRow(ReadOnlySpan<float> transformed)
    {
        ref var x = ref MemoryMarshal.GetReference(transformed);
        var total = 0f;
        for (var t = 0; t < _walkRoots.Length; t++)
        {
            var node = _walkRoots[t];
            for (var d = _depths[t]; d > 0; d--)
            {
                node = Step(node, ref x);
            }

            total += _walkPathLengths[node];
        }

        return ToScore(total);
    }

    /// <summary>Scores row-major rows into <paramref name="scores"/>, walking four rows per tree in lockstep.</summary>
    public void ScoreBatch(ReadOnlySpan<float> rows, Span<float> scores)
    {
        var width = FeatureCount;
        var rowCount = rows.Length / width;
        if (rows.Length != rowCount * width || scores.Length < rowCount)
        {
            throw new ArgumentException("Rows must be whole and there must be one score slot per row.", nameof(rows));
        }

        Span<float> transformed = stackalloc float[TransformBlockRows * width];
        for (var start = 0; start < rowCount; start += TransformBlockRows)
        {
            var count = Math.Min(TransformBlockRows, rowCount - start);
            TransformBlock(rows.Slice(start * width, count * width), transformed);
            ScoreTransformed(transformed[..(count * width)], scores.Slice(start, count));
        }
    }

    /// <summary>Rows transformed together; also the most <see cref="ScoreTransformed"/> takes at once.</summary>
    internal const int TransformBlockRows = 16;

    internal void TransformBlock(ReadOnlySpan<float> rows, Span<float> transformed)
    {
        var width = FeatureCount;
        for (var i = 0; i < rows.Length / width; i++)
        {
            Transform(rows.Slice(i * width, width), transformed.Slice(i * width, width));
        }
    }

    /// <summary>True when both forests transform columns identically, so one transformed block serves both.</summary>
    internal bool SameTransformsAs(IsolationForestModel other) =>
        _transforms.AsSpan().SequenceEqual(other._transforms) && _unseenLogFrequency.Equals(other._unseenLogFrequency) &&
        _categoryLogFrequencies.Zip(other._categoryLogFrequencies).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    /// <summary>Scores up to <see cref="TransformBlockRows"/> already transformed rows.</summary>
    internal void ScoreTransformed(ReadOnlySpan<float> transformed, Span<float> scores)
    {
        var width = FeatureCount;
        var count = transformed.Length / width;
        Span<float> totals = stackalloc float[TransformBlockRows];
        totals.Clear();
        ref var values = ref MemoryMarshal.GetArrayDataReference(_walkPathLengths);
        ref var first = ref MemoryMarshal.GetReference(transformed);
        for (var t = 0; t < _walkRoots.Length; t++)
        {
            var root = _walkRoots[t];
            var depth = _depths[t];
            var i = 0;
            for (; i + 4 <= count; i += 4)
            {
                ref var row0 = ref Unsafe.Add(ref first, i * width);
                ref var row1 = ref Unsafe.Add(ref row0, width);
                ref var row2 = ref Unsafe.Add(ref row1, width);
                ref var row3 = ref Unsafe.Add(ref row2, width);
                int n0 = root, n1 = root, n2 = root, n3 = root;
                for (var d = 0; d < depth; d++)
                {
                    n0 = Step(n0, ref row0);
                    n1 = Step(n1, ref row1);
                    n2 = Step(n2, ref row2);
                    n3 = Step(n3, ref row3);
                }

                totals[i] += Unsafe.Add(ref values, n0);
                totals[i + 1] += Unsafe.Add(ref values, n1);
                totals[i + 2] += Unsafe.Add(ref values, n2);
                totals[i + 3] += Unsafe.Add(ref values, n3);
            }

            for (; i < count; i++)
            {
                ref var row = ref Unsafe.Add(ref first, i * width);
                var node = root;
                for (var d = 0; d < depth; d++)
                {
                    node = Step(node, ref row);
                }

                totals[i] += Unsafe.Add(ref values, node);
            }
        }

        for (var i = 0; i < count; i++)
        {
            scores[i] = ToScore(totals[i]);
        }
    }

    /// <summary>Expected path length of an unsuccessful BST search among n points, c(n) in the paper.</summary>
    internal static double AveragePathLength(int n) =>
        n <= 1 ? 0 : n == 2 ? 1 : (2 * (Math.Log(n - 1) + 0.5772156649)) - (2.0 * (n - 1) / n);

    internal float TransformValue(int feature, float value) => _transforms[feature] switch
    {
        FeatureTransform.Log => MathF.Log(1 + MathF.Max(value, 0)),
        FeatureTransform.CategoryFrequency => value >= 0 && value < _categoryLogFrequencies[feature].Length
            ? _categoryLogFrequencies[feature][(int)value]
            : _unseenLogFrequency,
        _ => float.IsNaN(value) ? 0 : value,
    };

    internal void Write(BinaryWriter writer)
    {
        writer.Write(SampleSize);
        writer.Write(_unseenLogFrequency);
        writer.Write(_transforms.Length);
        for (var f = 0; f < _transforms.Length; f++)
        {
            writer.Write((int)_transforms[f]);
            ModelBinary.WriteArray(writer, _categoryLogFrequencies[f]);
        }

        ModelBinary.WriteArray(writer, _roots);
        writer.Write(_nodes.Length);
        foreach (var node in _nodes)
        {
            writer.Write(node.Feature);
            writer.Write(node.Threshold);
            writer.Write(node.Left);
            writer.Write(node.Right);
        }

        ModelBinary.WriteArray(writer, _leafDepths);
    }

    internal static IsolationForestModel Read(BinaryReader reader)
    {
        var sampleSize = reader.ReadInt32();
        var unseen = reader.ReadSingle();
        var featureCount = ModelBinary.ReadCount(reader);
        var transforms = new FeatureTransform[featureCount];
        var frequencies = new float[featureCount][];
        for (var f = 0; f < featureCount; f++)
        {
            transforms[f] = (FeatureTransform)reader.ReadInt32();
            frequencies[f] = ModelBinary.ReadFloats(reader);
        }

        var roots = ModelBinary.ReadInts(reader);
        var nodes = new IsolationNode[ModelBinary.ReadCount(reader)];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new IsolationNode(reader.ReadInt32(), reader.ReadSingle(), reader.ReadInt32(), reader.ReadInt32());
        }

        var leaves = ModelBinary.ReadFloats(reader);
        bool ChildOk(int c) => c >= 0 ? c < nodes.Length : ~c < leaves.Length;
        if (roots.Length == 0 || !roots.All(ChildOk) ||
            nodes.Any(n => (uint)n.Feature >= (uint)featureCount || !ChildOk(n.Left) || !ChildOk(n.Right)))
        {
            throw new InvalidDataException("The isolation forest is inconsistent.");
        }

        return new IsolationForestModel(transforms, frequencies, unseen, nodes, roots, leaves, sampleSize);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(int node, ref float row)
    {
        ref readonly var n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_walk), node);
        return Unsafe.Add(ref Unsafe.AsRef(in n.Left), Unsafe.Add(ref row, n.Feature) < n.Threshold ? 0 : 1);
    }

    private float ToScore(float totalPathLength) => MathF.Pow(2f, -(totalPathLength / _walkRoots.Length) / _averagePathOfSample);

    private static (IsolationNode[] Walk, float[] PathLengths, int[] Roots, int[] Depths) BuildWalkLayout(
        IsolationNode[] nodes, int[] roots, float[] leafDepths)
    {
        var internalCount = nodes.Length;
        int Map(int child) => child >= 0 ? child : internalCount + ~child;
        var walk = new IsolationNode[internalCount + leafDepths.Length];
        var lengths = new float[walk.Length];
        for (var i = 0; i < internalCount; i++)
        {
            walk[i] = new IsolationNode(nodes[i].Feature, nodes[i].Threshold, Map(nodes[i].Left), Map(nodes[i].Right));
        }

        for (var leaf = 0; leaf < leafDepths.Length; leaf++)
        {
            var self = internalCount + leaf;
            walk[self] = new IsolationNode(0, 0, self, self);
            lengths[self] = leafDepths[leaf];
        }

        var depths = new int[roots.Length];
        for (var t = 0; t < roots.Length; t++)
        {
            var stack = new Stack<(int Node, int Depth)>();
            stack.Push((roots[t], 0));
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                if (depth > 64)
                {
                    throw new InvalidDataException("An isolation tree is deeper than 64 levels or contains a cycle.");
                }

                if (node < 0)
                {
                    depths[t] = Math.Max(depths[t], depth);
                    continue;
                }

                stack.Push((nodes[node].Left, depth + 1));
                stack.Push((nodes[node].Right, depth + 1));
            }
        }

        return (walk, lengths, [.. roots.Select(Map)], depths);
    }

    private void Transform(ReadOnlySpan<float> row, Span<float> transformed)
    {
        for (var f = 0; f < row.Length; f++)
        {
            transformed[f] = TransformValue(f, row[f]);
        }
    }
}
