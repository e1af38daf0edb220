namespace SecureWatch.Functions.Apis;

/// <summary>The overall states of GET /api/v1/health; only <see cref="Down"/> answers 503.</summary>
public static class HealthStatus
{
    public const string Up = "up";
    public const string Degraded = "degraded";
    public const string Down = "down";
}
