namespace SecureWatch.Core.Tests.Ml;

/// <summary>A fact that is skipped, saying why, when the NSL-KDD training file is not available.</summary>
public sealed class NslKddDataFactAttribute : FactAttribute
{
    public NslKddDataFactAttribute()
    {
        Skip = NslKddData.SkipReason;
    }
}
