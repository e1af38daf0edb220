namespace SecureWatch.Functions.Alerts;

public sealed record AlertBulkResponse(int Updated, IReadOnlyList<AlertSummaryResponse> Alerts);
