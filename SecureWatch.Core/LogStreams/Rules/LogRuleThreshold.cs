namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>
/// A rule fires only when, for one value of the rule's key field, at least <see cref="Count"/> matching records (or,
/// with <see cref="DistinctField"/>, that many distinct values of that field among them) fall within
/// <see cref="WindowSeconds"/>; then it stays quiet for that key for one window.
/// </summary>
public sealed record LogRuleThreshold(int Count, int WindowSeconds, string? DistinctField);
