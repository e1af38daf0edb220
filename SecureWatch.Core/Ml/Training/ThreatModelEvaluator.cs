using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Ml.Training;

/// <summary>Scores labelled NSL-KDD records with loaded models exactly as the service would, and measures them.</summary>
public static class ThreatModelEvaluator
{
    public static ThreatModelEvaluation Evaluate(
        ThreatScorer scorer, KddFeatureSet set, IReadOnlyList<NslKddRecord> records, AttackCategoryMap? categoryMap = null)
    {
        var models = scorer.ModelsFor(set);
        var data = NslKddDataset.Create(records, models.Vectorizer, categoryMap ?? AttackCategoryMap.Default);
        var predictions = new Prediction[data.RowCount];
        scorer.ScoreBatch(set, data.Matrix.Values, predictions);
        var predicted = predictions.Select(p => p.Category).ToArray();
        return new ThreatModelEvaluation(
            set.Name, models.ModelVersion, records.Count, ClassificationMetrics.Compute(data.Categories, predicted), data.UnknownLabels);
    }
}
