namespace SecureWatch.Core.Ml.Anomaly;

/// <summary>
/// One or more isolation forests fitted on normal traffic, each over its own group of columns; a record's
/// anomaly score is the highest of theirs. A forest over the content columns alone (kdd41) notices an odd
/// login or file-access pattern that a forest over all 41 columns would seldom split on.
/// </summary>
public sealed class AnomalyDetector
{
    private const int Block = IsolationForestModel.TransformBlockRows;

    private readonly IsolationForestModel[] _forests;
    private readonly bool _sharedTransforms;

    public AnomalyDetector(IReadOnlyList<IsolationForestModel> forests)
    {
        if (forests.Count == 0 || forests.Any(f => f.FeatureCount != forests[0].FeatureCount))
        {
            throw new ArgumentException("At least one forest, all over the same columns, is required.", nameof(forests));
        }

        _forests = [.. forests];
        _sharedTransforms = _forests.All(f => f.SameTransformsAs(_forests[0]));
    }

    public IReadOnlyList<IsolationForestModel> Forests => _forests;

    public int FeatureCount => _forests[0].FeatureCount;

    public float Score(ReadOnlySpan<float> row)
    {
        if (!_sharedTransforms)
        {
            var highest = _forests[0].Score(row);
            for (var i = 1; i < _forests.Length; i++)
            {
                highest = MathF.Max(highest, _forests[i].Score(row));
            }

            return highest;
        }

        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"The forests read {FeatureCount} features, the row has {row.Length}.", nameof(row));
        }

        Span<float> transformed = stackalloc float[FeatureCount];
        _forests[0].TransformBlock(row, transformed);
        var score = _forests[0].ScoreTransformedRow(transformed);
        for (var i = 1; i < _forests.Length; i++)
        {
            score = MathF.Max(score, _forests[i].ScoreTransformedRow(transformed));
        }

        return score;
    }

    public void ScoreBatch(ReadOnlySpan<float> rows, Span<float> scores)
    {
        if (_forests.Length == 1 || !_sharedTransforms)
        {
            ScoreEachForest(rows, scores);
            return;
        }

        // The forests were fitted on the same normal rows, so they transform columns alike: transform once.
        var width = FeatureCount;
        var rowCount = rows.Length / width;
        if (rows.Length != rowCount * width || scores.Length < rowCount)
        {
            throw new ArgumentException("Rows must be whole and there must be one score slot per row.", nameof(rows));
        }

        Span<float> transformed = stackalloc float[Block * width];
        Span<float> other = stackalloc float[Block];
        for (var start = 0; start < rowCount; start += Block)
        {
            var count = Math.Min(Block, rowCount - start);
            var block = transformed[..(count * width)];
            _forests[0].TransformBlock(rows.Slice(start * width, count * width), block);
            var blockScores = scores.Slice(start, count);
            _forests[0].ScoreTransformed(block, blockScores);
            for (var i = 1; i < _forests.Length; i++)
            {
                _forests[i].ScoreTransformed(block, other);
                for (var r = 0; r < count; r++)
                {
                    blockScores[r] = MathF.Max(blockScores[r], other[r]);
                }
            }
        }
    }

    private void ScoreEachForest(ReadOnlySpan<float> rows, Span<float> scores)
    {
        _forests[0].ScoreBatch(rows, scores);
        var width = FeatureCount;
        var rowCount = rows.Length / width;
        Span<float> other = stackalloc float[Block];
        for (var start = 0; start < rowCount; start += Block)
        {
            var count = Math.Min(Block, rowCount - start);
            var block = rows.Slice(start * width, count * width);
            for (var i = 1; i < _forests.Length; i++)
            {
                _forests[i].ScoreBatch(block, other);
                for (var r = 0; r < count; r++)
                {
                    scores[start + r] = MathF.Max(scores[start + r], other[r]);
                }
            }
        }
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(_forests.Length);
        foreach (var forest in _forests)
        {
            forest.Write(writer);
        }
    }

    internal static AnomalyDetector Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 1 or > 16)
        {
            throw new InvalidDataException($"Implausible forest count {count}.");
        }

        var forests = new IsolationForestModel[count];
        for (var i = 0; i < count; i++)
        {
            forests[i] = IsolationForestModel.Read(reader);
        }

        return new AnomalyDetector(forests);
    }
}
