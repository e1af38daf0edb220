namespace SecureWatch.Core.Persistence;

/// <summary>Bound from the "Database" configuration section; the connection string is ConnectionStrings:SecureWatch.</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Database";

    public string ConnectionString { get; set; } = "";

    /// <summary>How long start-up waits for PostgreSQL before giving up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Days of scored traffic kept; older daily partitions are dropped.</summary>
    public int TrafficRetentionDays { get; set; } = 30;
}
