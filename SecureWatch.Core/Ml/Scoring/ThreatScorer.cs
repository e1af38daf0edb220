using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Models;

namespace SecureWatch.Core.Ml.Scoring;

/// <summary>
/// Scores vectorised records with the models of their feature set. Thread-safe (models are immutable) and
/// allocation-free per row; <see cref="ScoreBatch"/> walks each tree over blocks of rows for throughput.
/// </summary>
public sealed class ThreatScorer
{
    private const int Block = 64;

    private readonly FeatureSetModels? _kdd41;
    private readonly FeatureSetModels? _header28;

    public ThreatScorer(IEnumerable<FeatureSetModels> models)
    {
        foreach (var set in models)
        {
            if (set.FeatureSet == KddFeatureSet.Kdd41)
            {
                _kdd41 = set;
            }
            else
            {
                _header28 = set;
            }
        }
    }

    public IEnumerable<FeatureSetModels> Models => new[] { _kdd41, _header28 }.OfType<FeatureSetModels>();

    public bool Supports(KddFeatureSet set) => Find(set) is not null;

    public FeatureSetModels ModelsFor(KddFeatureSet set) =>
        Find(set) ?? throw new InvalidOperationException($"No models are loaded for the {set.Name} feature set.");

    public Prediction Score(KddFeatureSet set, ReadOnlySpan<float> row)
    {
        var models = ModelsFor(set);
        var probability = models.Detector.AttackProbability(row);
        var isAttack = probability >= 0.5f;
        var category = isAttack ? models.Classifier.MostLikelyAttack(row) : AttackCategory.Normal;
        return new Prediction(isAttack, probability, category, models.ModelVersion);
    }

    /// <summary>Scores <c>rows.Length / set.Count</c> row-major rows into <paramref name="predictions"/>.</summary>
    public void ScoreBatch(KddFeatureSet set, ReadOnlySpan<float> rows, Span<Prediction> predictions)
    {
        var models = ModelsFor(set);
        var width = set.Count;
        var rowCount = rows.Length / width;
        if (rows.Length != rowCount * width || predictions.Length < rowCount)
        {
            throw new ArgumentException("Rows must be whole and there must be one prediction slot per row.", nameof(rows));
        }

        var detector = models.Detector;
        var classifier = models.Classifier.Classifier;
        const int Classes = AttackCategoryNames.Count;
        Span<float> logOdds = stackalloc float[Block];
        Span<float> anomaly = stackalloc float[Block];
        Span<float> probabilities = stackalloc float[Block];
        Span<int> attackRows = stackalloc int[Block];
        Span<float> attackFeatures = stackalloc float[Block * width];
        Span<float> classScores = stackalloc float[Block * Classes];
        for (var start = 0; start < rowCount; start += Block)
        {
            var count = Math.Min(Block, rowCount - start);
            var blockRows = rows.Slice(start * width, count * width);
            detector.Classifier.PredictRawBatch(blockRows, logOdds);
            detector.Anomaly.ScoreBatch(blockRows, anomaly);

            // Only rows judged attacks need a category: gather them and classify them as one batch.
            var attacks = 0;
            for (var i = 0; i < count; i++)
            {
                probabilities[i] = detector.Combine(logOdds[i], anomaly[i]);
                if (probabilities[i] >= 0.5f)
                {
                    blockRows.Slice(i * width, width).CopyTo(attackFeatures.Slice(attacks * width, width));
                    attackRows[attacks++] = i;
                }
            }

            if (attacks > 0)
            {
                classifier.PredictRawBatch(attackFeatures[..(attacks * width)], classScores);
            }

            for (var i = 0; i < count; i++)
            {
                predictions[start + i] = new Prediction(false, probabilities[i], AttackCategory.Normal, models.ModelVersion);
            }

            for (var a = 0; a < attacks; a++)
            {
                var category = AttackClassifierModel.MostLikelyAttackFromScores(classScores.Slice(a * Classes, Classes));
                predictions[start + attackRows[a]] = new Prediction(true, probabilities[attackRows[a]], category, models.ModelVersion);
            }
        }
    }

    private FeatureSetModels? Find(KddFeatureSet set) => set == KddFeatureSet.Kdd41 ? _kdd41 : set == KddFeatureSet.Header28 ? _header28 : null;
}
