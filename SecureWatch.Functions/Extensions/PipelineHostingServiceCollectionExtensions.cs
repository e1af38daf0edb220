using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Extensions;

public static class PipelineHostingServiceCollectionExtensions
{
    /// <summary>
    /// The scoring pipeline fed by Kafka consumers in this process (standalone hosting). Under the Azure Functions
    /// host the triggers and output bindings replace consumers, producer and relay, so no Kafka connection is made.
    /// </summary>
    public static IServiceCollection AddSecureWatchKafkaPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var options = PipelineOptions.FromConfiguration(configuration);
        if (CustomHandlerEnvironment.IsCustomHandler(configuration))
        {
            options.Enabled = false;
        }

        services.TryAddSingleton(options);
        services.AddSecureWatchPipeline(configuration);
        if (options.Enabled)
        {
            // One connection per process, shared by the consumers, the publisher and the live relay; with no
            // Kafka:BootstrapServers it is the embedded mock cluster.
            services.TryAddSingleton(_ => KafkaConnection.Open(KafkaOptions.FromConfiguration(configuration)));
        }

        services.AddSingleton<KafkaPipelineService>();
        services.AddHostedService(provider => provider.GetRequiredService<KafkaPipelineService>());
        return services;
    }
}
