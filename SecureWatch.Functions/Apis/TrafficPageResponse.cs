namespace SecureWatch.Functions.Apis;

/// <summary>A page of traffic, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record TrafficPageResponse(IReadOnlyList<TrafficSummaryResponse> Items, string? NextCursor);
