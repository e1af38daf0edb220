namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>
/// A dense row-major feature matrix. Categorical columns hold vocabulary codes (0..count-1, negative for
/// unseen) and declare their category count.
/// </summary>
public sealed class TrainingMatrix
{
    public TrainingMatrix(float[] values, int featureCount, int[] categoryCounts)
    {
        if (featureCount <= 0 || values.Length % featureCount != 0)
        {
            throw new ArgumentException("The value count must be a multiple of the feature count.", nameof(values));
        }

        if (categoryCounts.Length != featureCount)
        {
            throw new ArgumentException("One category count per feature (0 for numeric) is required.", nameof(categoryCounts));
        }

        Values = values;
        FeatureCount = featureCount;
        RowCount = values.Length / featureCount;
        CategoryCounts = categoryCounts;
    }

    public float[] Values { get; }

    public int FeatureCount { get; }

    public int RowCount { get; }

    /// <summary>Per feature: number of categories for a categorical feature, 0 for a numeric one.</summary>
    public int[] CategoryCounts { get; }

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * FeatureCount, FeatureCount);

    public TrainingMatrix Select(ReadOnlySpan<int> rows)
    {
        var values = new float[rows.Length * FeatureCount];
        for (var i = 0; i < rows.Length; i++)
        {
            Row(rows[i]).CopyTo(values.AsSpan(i * FeatureCount, FeatureCount));
        }

        return new TrainingMatrix(values, FeatureCount, CategoryCounts);
    }
}
