using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Extensions;

public static class PipelineHostingServiceCollectionExtensions
{
    /// <summary>The scoring pipeline fed by Kafka consumers in this process (standalone hosting).</summary>
    public static IServiceCollection AddSecureWatchKafkaPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSecureWatchPipeline(configuration);
        services.AddSingleton<KafkaPipelineService>();
        services.AddHostedService(provider => provider.GetRequiredService<KafkaPipelineService>());
        return services;
    }
}
