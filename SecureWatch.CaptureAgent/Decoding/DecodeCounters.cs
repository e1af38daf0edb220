namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>How many packets ended with each <see cref="DecodeOutcome"/>.</summary>
internal sealed class DecodeCounters
{
    private static readonly DecodeOutcome[] Outcomes = Enum.GetValues<DecodeOutcome>();
    private readonly long[] _counts = new long[Outcomes.Length];

    public long this[DecodeOutcome outcome] => _counts[(int)outcome];

    public long Skipped => _counts.Sum() - _counts[(int)DecodeOutcome.Decoded];

    public void Add(DecodeOutcome outcome) => _counts[(int)outcome]++;

    /// <summary>Non-zero counters by snake_case reason name, for reports.</summary>
    public IReadOnlyDictionary<string, long> ToDictionary()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var outcome in Outcomes)
        {
            if (_counts[(int)outcome] != 0)
            {
                result[System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString())] = _counts[(int)outcome];
            }
        }

        return result;
    }
}
