namespace SecureWatch.Core.Ml.Anomaly;

internal enum FeatureTransform
{
    Identity = 0,

    /// <summary>log(1 + x) for counters spanning orders of magnitude (bytes, durations, counts).</summary>
    Log = 1,

    /// <summary>A symbolic code replaced by the log of its frequency in normal traffic.</summary>
    CategoryFrequency = 2,
}
