namespace SecureWatch.Core.Tests.Ml;

/// <summary>A fact that is skipped, saying why, when the NSL-KDD training file is not available.</summary>
public sealed class NslKddDataFactAttribute : FactAttribute
{
    public NslKddDataFactAttribute()
    {
        if (NslKddData.TrainFile is null)
        {
            Skip = $"NSL-KDD data not found (set SECUREWATCH_NSLKDD_DIR or place {NslKddData.TrainFileName} in ../shared/datasets/nsl-kdd).";
        }
    }
}
