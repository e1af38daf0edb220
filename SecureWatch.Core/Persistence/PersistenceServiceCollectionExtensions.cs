using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SecureWatch.Core.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddSecureWatchPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new PersistenceOptions();
        configuration.GetSection(PersistenceOptions.SectionName).Bind(options);
        options.ConnectionString = configuration.GetConnectionString("SecureWatch") ?? options.ConnectionString;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings__SecureWatch (for example " +
                "\"Host=127.0.0.1;Port=5432;Database=securewatch;Username=securewatch;Password=...\").");
        }

        services.AddSingleton(options);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(options.ConnectionString).Build());
        services.AddDbContextPool<SecureWatchDbContext>((provider, db) =>
            db.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<SchemaMigrationService>();
        services.AddHostedService<TrafficPartitionMaintenance>();
        return services;
    }
}
