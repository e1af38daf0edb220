namespace SecureWatch.Functions.Apis;

public sealed record ComponentHealth(string Status, double? LatencyMs, string? Error);
