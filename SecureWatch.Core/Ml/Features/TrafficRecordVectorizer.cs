using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Ml.Features;

/// <summary>Writes a contract record's features into a model row without boxing a single value.</summary>
public static class TrafficRecordVectorizer
{
    /// <summary>
    /// Fills <paramref name="row"/> (the vectorizer's width) from the record, which must have been validated against
    /// the vectorizer's feature set: every column name is present with the right kind.
    /// </summary>
    public static void Vectorize(FeatureVectorizer vectorizer, TrafficRecord record, Span<float> row)
    {
        var names = vectorizer.FeatureSet.Names;
        var vocabularies = vectorizer.Vocabularies;
        for (var i = 0; i < row.Length; i++)
        {
            var value = record.Features[names[i]];
            row[i] = vocabularies[i] is { } vocabulary ? vocabulary.Encode(value.Text) : (float)value.Number;
        }
    }
}
