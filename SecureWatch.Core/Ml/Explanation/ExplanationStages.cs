namespace SecureWatch.Core.Ml.Explanation;

/// <summary>The stage of the threat detector whose probability decided a verdict (the larger of the two).</summary>
public static class ExplanationStages
{
    /// <summary>The binary GBDT; contributions are Shapley values of its log-odds.</summary>
    public const string Gbdt = "gbdt";

    /// <summary>The isolation forest; contributions are path length saved versus an ordinary point.</summary>
    public const string Anomaly = "anomaly";
}
