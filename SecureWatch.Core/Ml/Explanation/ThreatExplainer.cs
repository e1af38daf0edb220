using System.Buffers;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Ml.Explanation;

/// <summary>
/// Explains a threat detector's verdict on one row from the stage that decided it: TreeSHAP of the GBDT
/// log-odds when the GBDT probability is the larger, else the isolation path attribution of the forest with
/// the highest score. Meant for attacks only; scratch is on the stack, so a row costs just the returned result.
/// </summary>
public sealed class ThreatExplainer
{
    /// <summary>How many features an explanation keeps.</summary>
    public const int TopFeatures = 5;

    private const int MaxStackPath = 512;

    private readonly ThreatDetectorModel _detector;
    private readonly FeatureVectorizer _vectorizer;
    private readonly TreeShap? _treeShap;

    public ThreatExplainer(ThreatDetectorModel detector, FeatureVectorizer vectorizer)
    {
        _detector = detector;
        _vectorizer = vectorizer;
        _treeShap = detector.Classifier.HasCovers ? new TreeShap(detector.Classifier) : null;
    }

    /// <summary>False for a format-1 detector file, which has no leaf covers: its GBDT verdicts go unexplained.</summary>
    public bool ExplainsGbdt => _treeShap is not null;

    public int FeatureCount => _vectorizer.Width;

    /// <summary>The explanation of <paramref name="row"/>, or null when the deciding GBDT cannot be explained.</summary>
    public ThreatExplanation? Explain(ReadOnlySpan<float> row)
    {
        Span<double> contributions = stackalloc double[FeatureCount];
        return Attribute(row, contributions) is { } attribution ? Build(attribution, row, contributions) : null;
    }

    /// <summary>Every feature's contribution from the deciding stage into <paramref name="contributions"/>.</summary>
    public ThreatAttribution? Attribute(ReadOnlySpan<float> row, Span<double> contributions)
    {
        if (row.Length != FeatureCount || contributions.Length != FeatureCount)
        {
            throw new ArgumentException($"The {_vectorizer.FeatureSet.Name} row and contributions have {FeatureCount} columns.", nameof(row));
        }

        contributions.Clear();
        var logOdds = _detector.Classifier.PredictLogOdds(row);
        var forests = _detector.Anomaly.Forests;
        var deciding = 0;
        var anomalyScore = forests[0].Score(row);
        for (var i = 1; i < forests.Count; i++)
        {
            var score = forests[i].Score(row);
            if (score > anomalyScore)
            {
                (deciding, anomalyScore) = (i, score);
            }
        }

        if (_detector.SupervisedProbability(logOdds) < _detector.AnomalyProbability(anomalyScore))
        {
            var forest = forests[deciding];
            var path = IsolationPathAttribution.Explain(forest, row, contributions);
            return new ThreatAttribution(ExplanationStages.Anomaly, forest.AveragePathOfSample, path);
        }

        if (_treeShap is null)
        {
            return null;
        }

        ShapPathElement[]? rented = null;
        var length = _treeShap.PathBufferLength;
        var buffer = length <= MaxStackPath
            ? stackalloc ShapPathElement[MaxStackPath]
            : rented = ArrayPool<ShapPathElement>.Shared.Rent(length);
        try
        {
            _treeShap.Explain(row, contributions, buffer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ShapPathElement>.Shared.Return(rented);
            }
        }

        return new ThreatAttribution(ExplanationStages.Gbdt, _treeShap.BaseValue, logOdds);
    }

    /// <summary>The <see cref="TopFeatures"/> largest contributions toward attack, largest first (ties: column order).</summary>
    private ThreatExplanation Build(ThreatAttribution attribution, ReadOnlySpan<float> row, ReadOnlySpan<double> contributions)
    {
        Span<bool> taken = stackalloc bool[contributions.Length];
        taken.Clear();
        var features = new ExplainedFeature[Math.Min(TopFeatures, contributions.Length)];
        for (var k = 0; k < features.Length; k++)
        {
            var best = -1;
            for (var f = 0; f < contributions.Length; f++)
            {
                if (!taken[f] && (best < 0 || contributions[f] > contributions[best]))
                {
                    best = f;
                }
            }

            taken[best] = true;
            features[k] = new ExplainedFeature(_vectorizer.FeatureSet.Names[best], row[best], Symbol(best, row[best]), (float)contributions[best]);
        }

        return new ThreatExplanation(attribution.Stage, attribution.BaseValue, attribution.Output, features);
    }

    private string? Symbol(int column, float code) => _vectorizer.Vocabularies[column] switch
    {
        null => null,
        { } vocabulary when code >= 0 && code < vocabulary.Count => vocabulary.Values[(int)code],
        _ => ExplainedFeature.UnseenSymbol,
    };
}
