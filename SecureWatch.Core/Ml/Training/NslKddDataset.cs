using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// NSL-KDD records vectorised for one feature set, with their categories. Records whose label is not in
/// the category table are kept apart (counted in <see cref="UnknownLabels"/>), never guessed.
/// </summary>
public sealed class NslKddDataset
{
    private NslKddDataset(TrainingMatrix matrix, AttackCategory[] categories, string[] labels, SortedDictionary<string, int> unknown)
    {
        Matrix = matrix;
        Categories = categories;
        Labels = labels;
        UnknownLabels = unknown;
    }

    public TrainingMatrix Matrix { get; }

    public AttackCategory[] Categories { get; }

    public string[] Labels { get; }

    /// <summary>Labels absent from the category table, with how many records carried each.</summary>
    public IReadOnlyDictionary<string, int> UnknownLabels { get; }

    public int RowCount => Matrix.RowCount;

    /// <summary>A vectoriser whose vocabularies are the symbolic values seen in <paramref name="records"/>.</summary>
    public static FeatureVectorizer BuildVectorizer(KddFeatureSet set, IReadOnlyList<NslKddRecord> records)
    {
        var vocabularies = new CategoricalVocabulary?[set.Count];
        for (var i = 0; i < set.Count; i++)
        {
            if (KddFeatureSet.SymbolicNames.Contains(set.Names[i]))
            {
                var column = set.IndexesInKdd41[i];
                vocabularies[i] = CategoricalVocabulary.FromObserved(records.Select(r => r.Fields[column].Trim()));
            }
        }

        return new FeatureVectorizer(set, vocabularies);
    }

    public static NslKddDataset Create(IReadOnlyList<NslKddRecord> records, FeatureVectorizer vectorizer, AttackCategoryMap categories)
    {
        var unknown = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var known = new List<NslKddRecord>(records.Count);
        var knownCategories = new List<AttackCategory>(records.Count);
        foreach (var record in records)
        {
            if (categories.TryGetCategory(record.Label, out var category))
            {
                known.Add(record);
                knownCategories.Add(category);
            }
            else
            {
                unknown[record.Label] = unknown.GetValueOrDefault(record.Label) + 1;
            }
        }

        var width = vectorizer.Width;
        var values = new float[known.Count * width];
        for (var i = 0; i < known.Count; i++)
        {
            vectorizer.VectorizeKdd41(known[i].Fields, values.AsSpan(i * width, width));
        }

        var categoryCounts = vectorizer.Vocabularies.Select(v => v?.Count ?? 0).ToArray();
        return new NslKddDataset(
            new TrainingMatrix(values, width, categoryCounts), [.. knownCategories], [.. known.Select(r => r.Label)], unknown);
    }
}
