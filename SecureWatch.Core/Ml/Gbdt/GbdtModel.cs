using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// A trained gradient-boosted tree ensemble, flattened into arrays so that scoring is a tight loop
/// without allocation. Trees are stored round-major: tree <c>t</c> adds to output <c>t % OutputCount</c>.
/// </summary>
public sealed class GbdtModel
{
    private const int BatchBlock = 64;

    private readonly float[] _baseScores;
    private readonly GbdtNode[] _nodes;
    private readonly int[] _roots;
    private readonly float[] _leaves;
    private readonly uint[] _categoryBits;

    internal GbdtModel(
        GbdtObjective objective, int featureCount, float[] baseScores, GbdtNode[] nodes, int[] roots, float[] leaves, uint[] categoryBits)
    {
        Objective = objective;
        FeatureCount = featureCount;
        _baseScores = baseScores;
        _nodes = nodes;
        _roots = roots;
        _leaves = leaves;
        _categoryBits = categoryBits;
        if (roots.Length % baseScores.Length != 0)
        {
            throw new ArgumentException("The tree count must be a multiple of the output count.", nameof(roots));
        }
    }

    public GbdtObjective Objective { get; }

    public int FeatureCount { get; }

    /// <summary>1 for a binary model (the log-odds), the class count for a multiclass model.</summary>
    public int OutputCount => _baseScores.Length;

    public int TreeCount => _roots.Length;

    public int Rounds => _roots.Length / OutputCount;

    public int NodeCount => _nodes.Length;

    /// <summary>Log-odds of the positive class of a binary model.</summary>
    public float PredictLogOdds(ReadOnlySpan<float> row)
    {
        CheckRow(row);
        var sum = _baseScores[0];
        for (var t = 0; t < _roots.Length; t++)
        {
            sum += LeafValue(_roots[t], ref MemoryMarshal.GetReference(row));
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
        for (var t = 0; t < _roots.Length; t++)
        {
            raw[t % outputs] += LeafValue(_roots[t], ref first);
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
        for (var blockStart = 0; blockStart < rowCount; blockStart += BatchBlock)
        {
            var blockEnd = Math.Min(rowCount, blockStart + BatchBlock);
            for (var t = 0; t < _roots.Length; t++)
            {
                var root = _roots[t];
                var output = t % outputs;
                for (var r = blockStart; r < blockEnd; r++)
                {
                    Unsafe.Add(ref rawStart, (r * outputs) + output) +=
                        LeafValue(root, ref Unsafe.Add(ref rowsStart, r * FeatureCount));
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

    internal void Write(BinaryWriter writer)
    {
        writer.Write((int)Objective);
        writer.Write(FeatureCount);
        ModelBinary.WriteArray(writer, _baseScores);
        ModelBinary.WriteArray(writer, _roots);
        writer.Write(_nodes.Length);
        foreach (var node in _nodes)
        {
            writer.Write(node.Feature);
            writer.Write(node.Threshold);
            writer.Write(node.Left);
            writer.Write(node.Right);
            writer.Write(node.CategoryOffset);
            writer.Write(node.CategoryWords);
        }

        ModelBinary.WriteArray(writer, _leaves);
        ModelBinary.WriteArray(writer, _categoryBits);
    }

    internal static GbdtModel Read(BinaryReader reader)
    {
        var objective = (GbdtObjective)reader.ReadInt32();
        var featureCount = reader.ReadInt32();
        var baseScores = ModelBinary.ReadFloats(reader);
        var roots = ModelBinary.ReadInts(reader);
        var nodes = new GbdtNode[ModelBinary.ReadCount(reader)];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new GbdtNode(
                reader.ReadInt32(), reader.ReadSingle(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        }

        var leaves = ModelBinary.ReadFloats(reader);
        var bits = ModelBinary.ReadUInts(reader);
        var model = new GbdtModel(objective, featureCount, baseScores, nodes, roots, leaves, bits);
        model.Validate();
        return model;
    }

    /// <summary>Rejects a corrupt file up front so scoring can skip bounds checks.</summary>
    private void Validate()
    {
        bool ChildOk(int child) => child >= 0 ? child < _nodes.Length : ~child < _leaves.Length;
        foreach (var root in _roots)
        {
            if (!ChildOk(root))
            {
                throw new InvalidDataException("A tree root points outside the model.");
            }
        }

        foreach (var node in _nodes)
        {
            if ((uint)node.Feature >= (uint)FeatureCount || !ChildOk(node.Left) || !ChildOk(node.Right) ||
                (node.IsCategorical && node.CategoryOffset + node.CategoryWords > _categoryBits.Length))
            {
                throw new InvalidDataException("A tree node is inconsistent with the model.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float LeafValue(int node, ref float row)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        while (node >= 0)
        {
            ref var n = ref Unsafe.Add(ref nodes, node);
            var x = Unsafe.Add(ref row, n.Feature);
            bool left;
            if (n.CategoryOffset < 0)
            {
                left = x <= n.Threshold;
            }
            else
            {
                // Unseen categories (negative codes, NaN, codes past the vocabulary) take the node's unseen direction.
                var code = x >= 0 ? (int)x : int.MaxValue;
                left = (uint)code < (uint)(n.CategoryWords << 5)
                    ? (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_categoryBits), n.CategoryOffset + (code >> 5)) & (1u << (code & 31))) != 0
                    : n.Threshold > 0;
            }

            node = left ? n.Left : n.Right;
        }

        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_leaves), ~node);
    }

    private void CheckRow(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"The model reads {FeatureCount} features, the row has {row.Length}.", nameof(row));
        }
    }
}
