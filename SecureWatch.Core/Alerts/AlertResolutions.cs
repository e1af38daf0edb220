namespace SecureWatch.Core.Alerts;

/// <summary>Why a closed alert was closed (alerts.resolution).</summary>
public static class AlertResolutions
{
    public const string TruePositive = "true_positive";
    public const string FalsePositive = "false_positive";
    public const string Benign = "benign";

    public static IReadOnlyList<string> All { get; } = [TruePositive, FalsePositive, Benign];
}
