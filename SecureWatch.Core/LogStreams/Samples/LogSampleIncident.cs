namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>
/// One planted incident of the samples: the rule that should catch it, the key value it should be attributed to,
/// the data rows (1-based, header excluded) of <c>&lt;Topic&gt;.csv</c> it consists of, and how many matches the
/// rule should report on those rows (1 for a threshold rule, which fires once per window; else one per row).
/// </summary>
public sealed record LogSampleIncident(string Id, string Rule, string Topic, string KeyValue, int ExpectedMatches, IReadOnlyList<long> Rows);
