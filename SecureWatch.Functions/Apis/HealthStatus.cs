namespace SecureWatch.Functions.Apis;

/// <summary>The states of GET /api/v1/health and its parts; the overall <see cref="Degraded"/> and <see cref="Down"/> answer 503.</summary>
public static class HealthStatus
{
    public const string Up = "up";
    public const string Degraded = "degraded";
    public const string Down = "down";
}
