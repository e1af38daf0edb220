using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Pipeline.Admission;
using SecureWatch.Core.Pipeline.Messages;
using SecureWatch.Core.Pipeline.Scoring;
using SecureWatch.Core.Pipeline.Storage;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Providers;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Sources;

namespace SecureWatch.Core.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>Configuration key of a directory of .swm files to score with instead of the shipped models.</summary>
    public const string ModelsDirectorySetting = "Models:Directory";

    /// <summary>
    /// The scoring pipeline and the in-memory state it reads (sources, provider secrets, self-healing), kept current
    /// through the database change listener. Hosting (Kafka consumers, HTTP batches) is added separately.
    /// </summary>
    public static IServiceCollection AddSecureWatchPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(PipelineOptions.FromConfiguration(configuration));
        services.TryAddSingleton(SigningSecretProtector.FromConfiguration(configuration));
        services.TryAddSingleton(provider => PredictionSigner.Create(provider.GetRequiredService<SigningSecretProtector>()));
        services.TryAddSingleton(_ => configuration[ModelsDirectorySetting] is { Length: > 0 } directory
            ? ThreatModelLoader.LoadDirectory(directory)
            : ThreatModelLoader.LoadEmbedded());
        services.TryAddSingleton(provider => new SelfHealingEngine(
            configuration.GetSection(SelfHealingOptions.SectionName).Exists()
                ? SelfHealingOptions.FromConfiguration(configuration)
                : new SelfHealingOptions(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SourceCatalog>();
        services.TryAddSingleton<ProviderSecrets>();
        services.TryAddSingleton<SenderRateLimiter>();
        services.TryAddSingleton<PipelineCounters>();
        services.TryAddSingleton(AlertOptions.FromConfiguration(configuration));
        services.TryAddSingleton<AlertGrouper>();
        services.TryAddSingleton<ProviderAdmission>();
        services.TryAddSingleton<RecordAdmission>();
        services.TryAddSingleton<BatchScorer>();
        services.TryAddSingleton<BatchStore>();
        services.TryAddSingleton<PredictionMessages>();
        services.TryAddSingleton<TrafficPipeline>();
        services.AddSingleton<IDatabaseChangeSubscriber, SourceSettingsSynchronizer>();
        services.AddSingleton<IDatabaseChangeSubscriber, ProviderSecretsSynchronizer>();
        services.AddSingleton<IDatabaseChangeSubscriber, ResponseStateSynchronizer>();
        return services;
    }
}
