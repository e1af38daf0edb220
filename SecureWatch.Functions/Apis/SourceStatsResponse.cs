namespace SecureWatch.Functions.Apis;

/// <summary>Records of one data source within the window, and how many of them were attacks.</summary>
public sealed record SourceStatsResponse(long Total, long Attacks);
