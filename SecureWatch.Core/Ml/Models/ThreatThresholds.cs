namespace SecureWatch.Core.Ml.Models;

/// <summary>
/// Decision points of a <see cref="ThreatDetectorModel"/>: the GBDT probability at which a record is an
/// attack, and the anomaly score at which it is one regardless of the GBDT (with the width of the soft
/// transition around it). Anomaly thresholds above 1 disable the anomaly path.
/// </summary>
public sealed record ThreatThresholds(float ClassifierThreshold, float AnomalyThreshold, float AnomalyScale)
{
    public bool AnomalyEnabled => AnomalyThreshold <= 1f;

    internal void Write(BinaryWriter writer)
    {
        writer.Write(ClassifierThreshold);
        writer.Write(AnomalyThreshold);
        writer.Write(AnomalyScale);
    }

    internal static ThreatThresholds Read(BinaryReader reader)
    {
        var thresholds = new ThreatThresholds(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle());
        if (!(thresholds.ClassifierThreshold is > 0 and < 1) || !(thresholds.AnomalyScale > 0))
        {
            throw new InvalidDataException("Threat thresholds are out of range.");
        }

        return thresholds;
    }
}
