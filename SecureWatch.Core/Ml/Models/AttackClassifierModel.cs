using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Ml.Models;

/// <summary>
/// Five-class GBDT (normal, dos, probe, r2l, u2r). Normal is a class so that it shapes the boundaries,
/// but the category of a record the detector calls an attack is the most likely of the four attack
/// classes: the detector alone decides attack or not, and the two answers never contradict.
/// </summary>
public sealed class AttackClassifierModel
{
    public AttackClassifierModel(ModelHeader header, GbdtModel classifier)
    {
        if (classifier.Objective != GbdtObjective.Multiclass || classifier.OutputCount != AttackCategoryNames.Count ||
            classifier.FeatureCount != header.FeatureSet.Count)
        {
            throw new ArgumentException("An attack classifier is a five-class GBDT over its feature set.", nameof(classifier));
        }

        Header = header;
        Classifier = classifier;
    }

    public ModelHeader Header { get; }

    public GbdtModel Classifier { get; }

    /// <summary>The most likely attack category (never normal).</summary>
    public AttackCategory MostLikelyAttack(ReadOnlySpan<float> row)
    {
        Span<float> raw = stackalloc float[AttackCategoryNames.Count];
        Classifier.PredictRaw(row, raw);
        return MostLikelyAttackFromScores(raw);
    }

    /// <summary>Most likely attack category from the five raw class scores.</summary>
    public static AttackCategory MostLikelyAttackFromScores(ReadOnlySpan<float> raw)
    {
        var best = 1;
        for (var k = 2; k < raw.Length; k++)
        {
            if (raw[k] > raw[best])
            {
                best = k;
            }
        }

        return (AttackCategory)best;
    }

    public void Write(Stream stream) => Write(stream, ModelHeader.FormatVersion);

    internal void Write(Stream stream, int format)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        Header.Write(writer, format);
        Classifier.Write(writer, withCovers: format > ModelHeader.FormatWithoutCovers);
    }

    public static AttackClassifierModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var header = ModelHeader.Read(reader, ModelKind.AttackClassifier);
        return new AttackClassifierModel(header, GbdtModel.Read(reader, header.HasCovers));
    }
}
