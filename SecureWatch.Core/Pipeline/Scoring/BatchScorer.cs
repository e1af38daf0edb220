using System.Buffers;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Core.Pipeline.Scoring;

/// <summary>
/// Scores the accepted records of a batch, one model call per feature set, and explains the attacks only: normal
/// traffic never pays for an explanation.
/// </summary>
public sealed class BatchScorer(ThreatScorer scorer)
{
    internal void Score(List<AcceptedRecord> accepted)
    {
        foreach (var group in accepted.GroupBy(a => a.Record.FeatureSet, StringComparer.Ordinal))
        {
            KddFeatureSet.TryGet(group.Key, out var set);
            var vectorizer = scorer.ModelsFor(set).Vectorizer;
            var explainer = scorer.ModelsFor(set).Explainer;
            var records = group.ToList();
            var width = set.Count;
            var rows = ArrayPool<float>.Shared.Rent(records.Count * width);
            var predictions = ArrayPool<Prediction>.Shared.Rent(records.Count);
            try
            {
                for (var i = 0; i < records.Count; i++)
                {
                    TrafficRecordVectorizer.Vectorize(vectorizer, records[i].Record, rows.AsSpan(i * width, width));
                }

                scorer.ScoreBatch(set, rows.AsSpan(0, records.Count * width), predictions.AsSpan(0, records.Count));
                for (var i = 0; i < records.Count; i++)
                {
                    records[i].Prediction = predictions[i];
                    records[i].Explanation = predictions[i].IsAttack ? explainer.Explain(rows.AsSpan(i * width, width)) : null;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rows);
                ArrayPool<Prediction>.Shared.Return(predictions);
            }
        }
    }
}
