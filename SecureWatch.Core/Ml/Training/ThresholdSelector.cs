using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Ml.Training;

/// <summary>
/// Chooses the detector thresholds that maximise a weighted mix of specificity on normal traffic, recall on
/// known attack types and recall on attack types held out of training. Candidates are scanned from the
/// strictest down and only a strictly better objective replaces the current choice, so ties keep fewer alarms.
/// </summary>
internal static class ThresholdSelector
{
    private static readonly float[] ClassifierThresholds = [0.5f, 0.4f, 0.3f, 0.2f, 0.15f, 0.1f, 0.07f, 0.05f, 0.03f, 0.02f, 0.01f, 0.005f, 0.002f];

    private static readonly double[] NormalQuantiles = [0.9, 0.95, 0.975, 0.99, 0.995, 0.999];

    public static ThreatThresholds Choose(
        IReadOnlyList<ThresholdCandidate> normals,
        IReadOnlyList<ThresholdCandidate> knownAttacks,
        IReadOnlyList<ThresholdCandidate> novelAttacks,
        ThreatTrainingOptions options)
    {
        var normalScores = normals.Select(n => n.AnomalyScore).Order().ToArray();
        var median = Quantile(normalScores, 0.5);
        var anomalyCandidates = new List<float> { 2f };
        anomalyCandidates.AddRange(NormalQuantiles.Reverse().Select(q => Quantile(normalScores, q)));

        var best = (Objective: double.NegativeInfinity, Classifier: 0.5f, Anomaly: 2f);
        foreach (var t in ClassifierThresholds)
        {
            var logit = MathF.Log(t / (1 - t));
            foreach (var a in anomalyCandidates)
            {
                var objective =
                    (options.NormalWeight * (1 - Rate(normals, logit, a))) +
                    (options.KnownAttackWeight * Rate(knownAttacks, logit, a)) +
                    (options.NovelAttackWeight * Rate(novelAttacks, logit, a));
                if (objective > best.Objective + 1e-9)
                {
                    best = (objective, t, a);
                }
            }
        }

        // Half of the normal traffic sits below the median; make it score about sigmoid(-4) on the anomaly path.
        var scale = best.Anomaly <= 1f ? MathF.Max(1e-3f, (best.Anomaly - median) / 4f) : 1f;
        return new ThreatThresholds(best.Classifier, best.Anomaly, scale);
    }

    /// <summary>Weighted share of rows flagged as attack.</summary>
    public static double Rate(IReadOnlyList<ThresholdCandidate> rows, float logitThreshold, float anomalyThreshold)
    {
        double flagged = 0, total = 0;
        foreach (var row in rows)
        {
            total += row.Weight;
            if (IsAttack(row, logitThreshold, anomalyThreshold))
            {
                flagged += row.Weight;
            }
        }

        return total == 0 ? 0 : flagged / total;
    }

    public static bool IsAttack(ThresholdCandidate row, float logitThreshold, float anomalyThreshold) =>
        row.LogOdds >= logitThreshold || row.AnomalyScore >= anomalyThreshold;

    private static float Quantile(float[] sorted, double q) =>
        sorted.Length == 0 ? 1f : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
}
