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
    }

    public int FeatureCount => _transforms.Length;

    public int TreeCount => _roots.Length;

    public int SampleSize { get; }

    /// <summary>Anomaly score in (0, 1]: about 0.5 or less is ordinary, close to 1 is isolated quickly.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"The model reads {FeatureCount} features, the row has {row.Length}.", nameof(row));
        }

        Span<float> transformed = stackalloc float[FeatureCount];
        Transform(row, transformed);
        ref var x = ref MemoryMarshal.GetReference(transformed);
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        var total = 0f;
        foreach (var root in _roots)
        {
            var node = root;
            while (node >= 0)
            {
                ref var n = ref Unsafe.Add(ref nodes, node);
                node = Unsafe.Add(ref x, n.Feature) < n.Threshold ? n.Left : n.Right;
            }

            total += _leafDepths[~node];
        }

        return MathF.Pow(2f, -(total / _roots.Length) / _averagePathOfSample);
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

    private void Transform(ReadOnlySpan<float> row, Span<float> transformed)
    {
        for (var f = 0; f < row.Length; f++)
        {
            transformed[f] = TransformValue(f, row[f]);
        }
    }
}
