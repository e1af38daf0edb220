namespace SecureWatch.Core.Ml.Models;

public enum ModelKind
{
    /// <summary>Binary GBDT plus isolation forest: is this record an attack, and how likely.</summary>
    ThreatDetector = 1,

    /// <summary>Multiclass GBDT over normal, dos, probe, r2l and u2r.</summary>
    AttackClassifier = 2,
}
