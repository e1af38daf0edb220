namespace SecureWatch.Core.Ml.Features;

/// <summary>
/// The values of one symbolic feature seen in training, each with a dense code. A value never seen in
/// training encodes as <see cref="Unseen"/>, which every model routes like a rare category instead of failing.
/// </summary>
public sealed class CategoricalVocabulary
{
    public const float Unseen = -1f;

    private readonly string[] _values;
    private readonly Dictionary<string, int> _codes;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanCodes;

    public CategoricalVocabulary(IEnumerable<string> values)
    {
        _values = [.. values];
        _codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _values.Length; i++)
        {
            if (!_codes.TryAdd(_values[i], i))
            {
                throw new ArgumentException($"Duplicate category value '{_values[i]}'.", nameof(values));
            }
        }

        _spanCodes = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<string> Values => _values;

    public int Count => _values.Length;

    /// <summary>Builds a vocabulary in ordinal order so that the same data always yields the same codes.</summary>
    public static CategoricalVocabulary FromObserved(IEnumerable<string> observed) =>
        new(observed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public float Encode(ReadOnlySpan<char> value) =>
        _spanCodes.TryGetValue(value.Trim(), out var code) ? code : Unseen;

    public bool SequenceEqual(CategoricalVocabulary other) => _values.AsSpan().SequenceEqual(other._values);
}
