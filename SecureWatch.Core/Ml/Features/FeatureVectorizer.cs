using System.Globalization;
using System.Text.Json;
using SecureWatch.Core.Features;

namespace SecureWatch.Core.Ml.Features;

/// <summary>
/// Turns a record into the float row a model of one feature set reads: numeric features as numbers,
/// symbolic features (protocol_type, service, flag) as vocabulary codes. A feature the set does not
/// contain is never invented: a header28 row has 28 columns, not 41 with zeros.
/// </summary>
public sealed class FeatureVectorizer
{
    private readonly CategoricalVocabulary?[] _vocabularies;
    private readonly Dictionary<string, int> _columns;

    public FeatureVectorizer(KddFeatureSet featureSet, IReadOnlyList<CategoricalVocabulary?> vocabularies)
    {
        if (vocabularies.Count != featureSet.Count)
        {
            throw new ArgumentException("One vocabulary slot per column is required.", nameof(vocabularies));
        }

        FeatureSet = featureSet;
        _vocabularies = [.. vocabularies];
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < featureSet.Count; i++)
        {
            var symbolic = KddFeatureSet.SymbolicNames.Contains(featureSet.Names[i]);
            if (symbolic != (_vocabularies[i] is not null))
            {
                throw new ArgumentException(
                    $"Column {featureSet.Names[i]} must have a vocabulary exactly when it is symbolic.", nameof(vocabularies));
            }

            _columns[featureSet.Names[i]] = i;
        }
    }

    public KddFeatureSet FeatureSet { get; }

    public int Width => FeatureSet.Count;

    /// <summary>Per column: the vocabulary of a symbolic column, null for a numeric one.</summary>
    public IReadOnlyList<CategoricalVocabulary?> Vocabularies => _vocabularies;

    /// <summary>Vectorises raw NSL-KDD tokens (all 41, in NSL-KDD order), keeping only this set's columns.</summary>
    public void VectorizeKdd41(IReadOnlyList<string> kdd41Fields, Span<float> row)
    {
        CheckWidth(row);
        for (var i = 0; i < _vocabularies.Length; i++)
        {
            var token = kdd41Fields[FeatureSet.IndexesInKdd41[i]];
            row[i] = _vocabularies[i] is { } vocabulary ? vocabulary.Encode(token) : ParseNumber(FeatureSet.Names[i], token);
        }
    }

    /// <summary>
    /// Vectorises named features (a number, or a string for the symbolic ones; numbers may also arrive as
    /// strings or JSON elements). Features outside this set are ignored; a missing one is an error.
    /// </summary>
    public void Vectorize(IReadOnlyDictionary<string, object?> features, Span<float> row)
    {
        CheckWidth(row);
        for (var i = 0; i < _vocabularies.Length; i++)
        {
            var name = FeatureSet.Names[i];
            if (!features.TryGetValue(name, out var value) || value is null)
            {
                throw new ArgumentException($"Feature '{name}' is required by the {FeatureSet.Name} feature set.", nameof(features));
            }

            row[i] = _vocabularies[i] is { } vocabulary ? EncodeSymbol(vocabulary, value) : ToNumber(name, value);
        }
    }

    public bool TryGetColumn(string name, out int column) => _columns.TryGetValue(name, out column);

    private static float EncodeSymbol(CategoricalVocabulary vocabulary, object value) => value switch
    {
        string s => vocabulary.Encode(s),
        JsonElement { ValueKind: JsonValueKind.String } e => vocabulary.Encode(e.GetString()),
        _ => vocabulary.Encode(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static float ToNumber(string name, object value) => value switch
    {
        float f => f,
        double d => (float)d,
        int n => n,
        long n => n,
        decimal m => (float)m,
        bool b => b ? 1f : 0f,
        string s => ParseNumber(name, s),
        JsonElement { ValueKind: JsonValueKind.Number } e => (float)e.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } e => ParseNumber(name, e.GetString() ?? string.Empty),
        JsonElement { ValueKind: JsonValueKind.True } => 1f,
        JsonElement { ValueKind: JsonValueKind.False } => 0f,
        IConvertible c => (float)c.ToDouble(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Feature '{name}' must be numeric.", nameof(value)),
    };

    private static float ParseNumber(string name, string token) =>
        float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Feature '{name}' is not a number: '{token}'.");

    private void CheckWidth(Span<float> row)
    {
        if (row.Length != Width)
        {
            throw new ArgumentException($"The {FeatureSet.Name} row has {Width} columns.", nameof(row));
        }
    }
}
