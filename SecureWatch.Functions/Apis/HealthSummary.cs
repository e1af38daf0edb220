namespace SecureWatch.Functions.Apis;

/// <summary>
/// What an anonymous caller learns from GET /api/v1/health: the overall state only. Addresses, errors, host names and
/// counts tell an attacker where the brokers are and what is failing, so they need a key.
/// </summary>
public sealed record HealthSummary(string Status);
