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
        services.Configure<LiveOptions>(configuration.GetSection(LiveOptions.SectionName));
        services.AddSignalR().AddJsonProtocol(options =>
            options.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, HubKeyAuthenticationHandler>(HubKeyAuthenticationHandler.SchemeName, null);
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
