namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// One feature of an explanation: its name, the value the model read (for a symbolic feature also the symbol
/// it encodes) and its signed contribution (positive pushes toward attack).
/// </summary>
public readonly record struct ExplainedFeature(string Name, float Value, string? Symbol, float Contribution)
{
    /// <summary>The symbol shown for a symbolic value the model never saw in training.</summary>
    public const string UnseenSymbol = "(unseen)";
}
