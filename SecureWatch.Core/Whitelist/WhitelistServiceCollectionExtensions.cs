using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Persistence.Notifications;

namespace SecureWatch.Core.Whitelist;

public static class WhitelistServiceCollectionExtensions
{
    /// <summary>The in-memory whitelist, kept current through the database change listener.</summary>
    public static IServiceCollection AddSecureWatchWhitelist(this IServiceCollection services)
    {
        services.AddSingleton<WhitelistMatcher>();
        services.AddSingleton<IDatabaseChangeSubscriber, WhitelistSynchronizer>();
        services.AddSingleton<DatabaseChangeListener>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseChangeListener>());
        return services;
    }
}
