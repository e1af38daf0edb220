using SecureWatch.Core.Features;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Core.Tests.Ml;

/// <summary>Real NSL-KDD rows vectorised for a shipped feature set (callers skip via <see cref="NslKddDataFactAttribute"/>).</summary>
internal static class ShippedRows
{
    public static (FeatureSetModels Models, NslKddDataset Data) Load(KddFeatureSet set, int count)
    {
        var models = ThreatModelLoader.LoadEmbedded(set);
        var records = NslKddReader.ReadFile(NslKddData.TrainFile!).Take(count).ToList();
        return (models, NslKddDataset.Create(records, models.Vectorizer, AttackCategoryMap.Default));
    }
}
