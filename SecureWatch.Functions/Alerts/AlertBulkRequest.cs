namespace SecureWatch.Functions.Alerts;

/// <summary>POST /api/v1/alerts/bulk: one status change applied to every listed alert, all or none.</summary>
public sealed record AlertBulkRequest(IReadOnlyList<long>? Ids, string? Status, string? Resolution, string? Note);
