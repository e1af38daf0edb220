using SecureWatch.Core.Ml.Anomaly;
using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Ml.Models;

/// <summary>
/// Decides attack or not by combining the supervised GBDT (good on attack types seen in training) with the
/// isolation forest fitted on normal traffic (which also fires on attack types nobody labelled). Both are
/// mapped to a probability that is 0.5 exactly at its own decision threshold; the record is an attack when
/// either says so. The thresholds were chosen on attack types held out of training.
/// </summary>
public sealed class ThreatDetectorModel
{
    public ThreatDetectorModel(
        ModelHeader header, GbdtModel classifier, AnomalyDetector anomaly, ThreatThresholds thresholds)
    {
        if (classifier.Objective != GbdtObjective.Binary || classifier.FeatureCount != header.FeatureSet.Count ||
            anomaly.FeatureCount != header.FeatureSet.Count)
        {
            throw new ArgumentException("A threat detector needs a binary GBDT and a forest over its feature set.", nameof(classifier));
        }

        Header = header;
        Classifier = classifier;
        Anomaly = anomaly;
        Thresholds = thresholds;
        _logOddsShift = (float)Math.Log(thresholds.ClassifierThreshold / (1 - thresholds.ClassifierThreshold));
    }

    private readonly float _logOddsShift;

    public ModelHeader Header { get; }

    public GbdtModel Classifier { get; }

    public AnomalyDetector Anomaly { get; }

    public ThreatThresholds Thresholds { get; }

    /// <summary>Attack probability of one row; &gt;= 0.5 means attack.</summary>
    public float AttackProbability(ReadOnlySpan<float> row) => Combine(Classifier.PredictLogOdds(row), Anomaly.Score(row));

    /// <summary>Combines a GBDT log-odds with an anomaly score (the two halves of <see cref="AttackProbability"/>).</summary>
    public float Combine(float logOdds, float anomalyScore) =>
        MathF.Max(SupervisedProbability(logOdds), AnomalyProbability(anomalyScore));

    /// <summary>The GBDT stage of <see cref="Combine"/>.</summary>
    public float SupervisedProbability(float logOdds) => GbdtModel.Sigmoid(logOdds - _logOddsShift);

    /// <summary>The anomaly stage of <see cref="Combine"/> (0 when the anomaly path is disabled).</summary>
    public float AnomalyProbability(float anomalyScore) => Thresholds.AnomalyEnabled
        ? GbdtModel.Sigmoid((anomalyScore - Thresholds.AnomalyThreshold) / Thresholds.AnomalyScale)
        : 0f;

    public void Write(Stream stream) => Write(stream, ModelHeader.FormatVersion);

    internal void Write(Stream stream, int format)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        Header.Write(writer, format);
        Thresholds.Write(writer);
        Classifier.Write(writer, withCovers: format > ModelHeader.FormatWithoutCovers);
        Anomaly.Write(writer);
    }

    public static ThreatDetectorModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var header = ModelHeader.Read(reader, ModelKind.ThreatDetector);
        var thresholds = ThreatThresholds.Read(reader);
        var classifier = GbdtModel.Read(reader, header.HasCovers);
        var anomaly = AnomalyDetector.Read(reader);
        return new ThreatDetectorModel(header, classifier, anomaly, thresholds);
    }
}
