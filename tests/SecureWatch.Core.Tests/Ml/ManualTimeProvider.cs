namespace SecureWatch.Core.Tests.Ml;

/// <summary>A clock the test moves by hand, so TTL expiry is checked without waiting.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
