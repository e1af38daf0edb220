using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// A trained gradient-boosted tree ensemble, flattened into arrays so that scoring is a tight loop
/// without allocation. Trees are stored round-major: tree <c>t</c> adds to output <c>t % OutputCount</c>.
/// </summary>
public sealed partial class GbdtModel
{
    private const int BatchBlock = 64;

    private readonly float[] _baseScores;
    private readonly GbdtNode[] _nodes;
    private readonly int[] _roots;
    private readonly float[] _leaves;
    private readonly uint[] _categoryBits;
    private readonly int[]? _leafCovers;

    // Scoring layout: leaves become nodes that point to themselves, so every tree is walked a fixed number
    // of steps (its depth) without a data-dependent exit test, and several rows can be walked in lockstep.
    private readonly WalkNode[] _walk;
    private readonly float[] _walkValues;
    private readonly int[] _walkRoots;
    private readonly int[] _depths;

    internal GbdtModel(
        GbdtObjective objective,
        int featureCount,
        float[] baseScores,
        GbdtNode[] nodes,
        int[] roots,
        float[] leaves,
        uint[] categoryBits,
        int[]? leafCovers)
    {
        Objective = objective;
        FeatureCount = featureCount;
        _baseScores = baseScores;
        _nodes = nodes;
        _roots = roots;
        _leaves = leaves;
        _categoryBits = categoryBits;
        _leafCovers = leafCovers is { Length: > 0 } ? leafCovers : null;
        if (baseScores.Length == 0 || roots.Length % baseScores.Length != 0)
        {
            throw new InvalidDataException("The tree count must be a multiple of the output count.");
        }

        Validate();
        (_walk, _walkValues, _walkRoots, _depths) = BuildWalkLayout(nodes, roots, leaves);
    }

    public GbdtObjective Objective { get; }

    public int FeatureCount { get; }

    /// <summary>1 for a binary model (the log-odds), the class count for a multiclass model.</summary>
    public int OutputCount => _baseScores.Length;

    public int TreeCount => _roots.Length;

    public int Rounds => _roots.Length / OutputCount;

    public int NodeCount => _nodes.Length;

    /// <summary>
    /// Whether the file kept the training rows per leaf (format 2 on), which exact feature attribution needs.
    /// </summary>
    public bool HasCovers => _leafCovers is not null;

    internal ReadOnlySpan<GbdtNode> Nodes => _nodes;

    internal ReadOnlySpan<int> Roots => _roots;

    internal ReadOnlySpan<float> Leaves => _leaves;

    internal ReadOnlySpan<int> LeafCovers => _leafCovers;

    internal ReadOnlySpan<float> BaseScores => _baseScores;

    /// <summary>The routing of scoring, for one stored node: true when <paramref name="x"/> goes left.</summary>
    internal bool GoesLeft(int node, float x)
    {
        ref readonly var n = ref _nodes[node];
        return n.IsCategorical ? CategoryGoesRight(in n, x) == 0 : x <= n.Threshold;
    }

    /// <summary>Log-odds of the positive class of a binary model.</summary>
    public float PredictLogOdds(ReadOnlySpan<float> row)
    {
        CheckRow(row);
        var sum = _baseScores[0];
        ref var first = ref MemoryMarshal.GetReference(row);
        for (var t = 0; t < _walkRoots.Length; t++)
        {
            sum += Walk(t, ref first);
        }

        return sum;
    }

    public float PredictProbability(ReadOnlySpan<float> row) => Sigmoid(PredictLogOdds(row));

    /// <summary>Raw scores, one per output.</summary>
    public void PredictRaw(ReadOnlySpan<float> row, Span<float> raw)
    {
        CheckRow(row);
        var outputs = OutputCount;
        _baseScores.AsSpan().CopyTo(raw);
        ref var first = ref MemoryMarshal.GetReference(row);
        for (var t = 0; t < _walkRoots.Length; t++)
        {
            raw[t % outputs] += Walk(t, ref first);
        }
    }

    /// <summary>Class probabilities: softmax for multiclass, [1-p, p] for binary.</summary>
    public void PredictProbabilities(ReadOnlySpan<float> row, Span<float> probabilities)
    {
        if (Objective == GbdtObjective.Binary)
        {
            var p = PredictProbability(row);
            probabilities[0] = 1 - p;
            probabilities[1] = p;
            return;
        }

        PredictRaw(row, probabilities);
        Softmax(probabilities[..OutputCount]);
    }

    /// <summary>
    /// Raw scores of many rows (row-major, <see cref="FeatureCount"/> each) into <paramref name="raw"/>
    /// (<see cref="OutputCount"/> per row). Walks each tree over a block of rows so the tree stays in cache.
    /// </summary>
    public void PredictRawBatch(ReadOnlySpan<float> rows, Span<float> raw)
    {
        var rowCount = rows.Length / FeatureCount;
        var outputs = OutputCount;
        if (rows.Length != rowCount * FeatureCount || raw.Length < rowCount * outputs)
        {
            throw new ArgumentException("Rows must be whole and the output must hold one score per row and output.", nameof(rows));
        }

        for (var r = 0; r < rowCount; r++)
        {
            _baseScores.AsSpan().CopyTo(raw.Slice(r * outputs, outputs));
        }

        ref var rowsStart = ref MemoryMarshal.GetReference(rows);
        ref var rawStart = ref MemoryMarshal.GetReference(raw);
        ref var values = ref MemoryMarshal.GetArrayDataReference(_walkValues);
        var width = FeatureCount;
        for (var blockStart = 0; blockStart < rowCount; blockStart += BatchBlock)
        {
            var blockEnd = Math.Min(rowCount, blockStart + BatchBlock);
            for (var t = 0; t < _walkRoots.Length; t++)
            {
                var root = _walkRoots[t];
                var depth = _depths[t];
                var output = t % outputs;
                var r = blockStart;

                // Eight independent walks interleave their memory loads; one walk alone waits on each node load.
                for (; r + 8 <= blockEnd; r += 8)
                {
                    ref var row0 = ref Unsafe.Add(ref rowsStart, r * width);
                    int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                    for (var d = 0; d < depth; d++)
                    {
                        n0 = Step(n0, ref row0);
                        n1 = Step(n1, ref Unsafe.Add(ref row0, width));
                        n2 = Step(n2, ref Unsafe.Add(ref row0, 2 * width));
                        n3 = Step(n3, ref Unsafe.Add(ref row0, 3 * width));
                        n4 = Step(n4, ref Unsafe.Add(ref row0, 4 * width));
                        n5 = Step(n5, ref Unsafe.Add(ref row0, 5 * width));
                        n6 = Step(n6, ref Unsafe.Add(ref row0, 6 * width));
                        n7 = Step(n7, ref Unsafe.Add(ref row0, 7 * width));
                    }

                    ref var out0 = ref Unsafe.Add(ref rawStart, (r * outputs) + output);
                    out0 += Unsafe.Add(ref values, n0);
                    Unsafe.Add(ref out0, outputs) += Unsafe.Add(ref values, n1);
                    Unsafe.Add(ref out0, 2 * outputs) += Unsafe.Add(ref values, n2);
                    Unsafe.Add(ref out0, 3 * outputs) += Unsafe.Add(ref values, n3);
                    Unsafe.Add(ref out0, 4 * outputs) += Unsafe.Add(ref values, n4);
                    Unsafe.Add(ref out0, 5 * outputs) += Unsafe.Add(ref values, n5);
                    Unsafe.Add(ref out0, 6 * outputs) += Unsafe.Add(ref values, n6);
                    Unsafe.Add(ref out0, 7 * outputs) += Unsafe.Add(ref values, n7);
                }

                for (; r < blockEnd; r++)
                {
                    Unsafe.Add(ref rawStart, (r * outputs) + output) += Walk(t, ref Unsafe.Add(ref rowsStart, r * width));
                }
            }
        }
    }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    public static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Walk(int tree, ref float row)
    {
        var node = _walkRoots[tree];
        for (var d = _depths[tree]; d > 0; d--)
        {
            node = Step(node, ref row);
        }

        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_walkValues), node);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(int node, ref float row)
    {
        ref readonly var n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_walk), node);
        var feature = n.Feature;

        // Index the (Left, Right) pair by the comparison instead of branching on it: tree paths are data
        // dependent and mispredicted branches would dominate scoring time.
        var goRight = feature >= 0
            ? (Unsafe.Add(ref row, feature) <= n.Threshold ? 0 : 1)
            : CategoryGoesRight(in _nodes[node], Unsafe.Add(ref row, ~feature));
        return Unsafe.Add(ref Unsafe.AsRef(in n.Left), goRight);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CategoryGoesRight(in GbdtNode n, float x)
    {
        // Unseen categories (negative codes, NaN, codes past the vocabulary) take the node's unseen direction.
        var code = x >= 0 ? (int)x : int.MaxValue;
        var left = (uint)code < (uint)(n.CategoryWords << 5)
            ? (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_categoryBits), n.CategoryOffset + (code >> 5)) & (1u << (code & 31))) != 0
            : n.Threshold > 0;
        return left ? 0 : 1;
    }

    private static (WalkNode[] Walk, float[] Values, int[] Roots, int[] Depths) BuildWalkLayout(GbdtNode[] nodes, int[] roots, float[] leaves)
    {
        var internalCount = nodes.Length;
        int Map(int child) => child >= 0 ? child : internalCount + ~child;
        var walk = new WalkNode[internalCount + leaves.Length];
        var values = new float[walk.Length];
        for (var i = 0; i < internalCount; i++)
        {
            var n = nodes[i];
            walk[i] = new WalkNode(n.IsCategorical ? ~n.Feature : n.Feature, n.Threshold, Map(n.Left), Map(n.Right));
        }

        for (var leaf = 0; leaf < leaves.Length; leaf++)
        {
            // NaN threshold: the comparison is false, the walk goes "right", which is the leaf itself.
            var self = internalCount + leaf;
            walk[self] = new WalkNode(0, float.NaN, self, self);
            values[self] = leaves[leaf];
        }

        var walkRoots = roots.Select(Map).ToArray();
        var depths = roots.Select(root => Depth(nodes, root)).ToArray();
        return (walk, values, walkRoots, depths);
    }

    private static int Depth(GbdtNode[] nodes, int root)
    {
        var deepest = 0;
        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > 64)
            {
                throw new InvalidDataException("A tree is deeper than 64 levels or contains a cycle.");
            }

            if (node < 0)
            {
                deepest = Math.Max(deepest, depth);
                continue;
            }

            stack.Push((nodes[node].Left, depth + 1));
            stack.Push((nodes[node].Right, depth + 1));
        }

        return deepest;
    }

    private void CheckRow(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"The model reads {FeatureCount} features, the row has {row.Length}.", nameof(row));
        }
    }
}
