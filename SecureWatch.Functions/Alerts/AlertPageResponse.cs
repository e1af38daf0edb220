namespace SecureWatch.Functions.Alerts;

/// <summary>A page of alerts, the cursor of the next page, and how many alerts of each status match the filter.</summary>
public sealed record AlertPageResponse(
    IReadOnlyList<AlertSummaryResponse> Items, string? NextCursor, IReadOnlyDictionary<string, long> StatusCounts);
