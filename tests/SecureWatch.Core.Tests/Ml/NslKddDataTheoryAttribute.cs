namespace SecureWatch.Core.Tests.Ml;

/// <summary>A theory that is skipped, saying why, when the NSL-KDD training file is not available.</summary>
public sealed class NslKddDataTheoryAttribute : TheoryAttribute
{
    public NslKddDataTheoryAttribute()
    {
        Skip = NslKddData.SkipReason;
    }
}
