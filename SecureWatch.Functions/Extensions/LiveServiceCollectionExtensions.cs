using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Functions.Live;

namespace SecureWatch.Functions.Extensions;

public static class LiveServiceCollectionExtensions
{
    /// <summary>The SignalR hub, its key authentication, the Kafka relay, the source-status and the alert pushes.</summary>
    public static IServiceCollection AddSecureWatchLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>()
            .BindConfiguration(LiveOptions.SectionName)
            .Validate(o => o.MaxConnectionsPerKey > 0, "Live:MaxConnectionsPerKey must be at least 1")
            .Validate(o => o.ClientQueueCapacity > 0, "Live:ClientQueueCapacity must be at least 1")
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.AccessTokenLifetime <= TimeSpan.FromHours(1),
                "Live:AccessTokenLifetime must be positive and at most an hour")
            .ValidateOnStart();
        services.AddSignalR().AddJsonProtocol(options =>
            options.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, HubTokenAuthenticationHandler>(HubTokenAuthenticationHandler.SchemeName, null);
        services.AddSingleton<LiveAccessTokens>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<HubLifetimeManager<LiveHub>, LiveHubLifetimeManager>();
        services.AddSingleton<PredictionRelayStatus>();
        services.AddHostedService<PredictionRelay>();
        services.AddSingleton<IDatabaseChangeSubscriber, SourceStatusBroadcaster>();
        services.AddSingleton<AlertPushThrottle>();
        services.AddSingleton(provider => new AlertBroadcaster(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<IHubContext<LiveHub>>(),
            provider.GetRequiredService<AlertPushThrottle>(),
            provider.GetRequiredService<TimeProvider>(),
            useOutbox: CustomHandlerEnvironment.IsCustomHandler(configuration)));
        services.AddSingleton<IDatabaseChangeSubscriber>(provider => provider.GetRequiredService<AlertBroadcaster>());
        services.AddHostedService(provider => provider.GetRequiredService<AlertBroadcaster>());
        return services;
    }
}
