using Microsoft.EntityFrameworkCore;

namespace SecureWatch.Core.Persistence;

public sealed class SecureWatchDbContext(DbContextOptions<SecureWatchDbContext> options) : DbContext(options)
{
    public DbSet<WhitelistEntry> Whitelist => Set<WhitelistEntry>();

    public DbSet<DataSourceConfig> DataSources => Set<DataSourceConfig>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<ScoredTraffic> Traffic => Set<ScoredTraffic>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SecureWatchDbContext).Assembly);
}
