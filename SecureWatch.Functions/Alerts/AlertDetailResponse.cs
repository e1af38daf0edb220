using System.Text.Json;

namespace SecureWatch.Functions.Alerts;

/// <summary>
/// GET /api/v1/alerts/{id}: the summary plus what the console shows on the alert's page. Histogram, services and
/// records come from the retained traffic rows; counters and top destinations/ports outlive retention.
/// </summary>
public sealed record AlertDetailResponse(
    AlertSummaryResponse Alert,
    IReadOnlyList<JsonElement> Histogram,
    IReadOnlyList<JsonElement> TopDestinations,
    IReadOnlyList<JsonElement> TopPorts,
    IReadOnlyList<JsonElement> TopServices,
    IReadOnlyList<JsonElement> Records,
    IReadOnlyList<JsonElement> History,
    IReadOnlyList<JsonElement> Actions);
