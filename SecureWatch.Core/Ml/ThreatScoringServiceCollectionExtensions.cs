using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.SelfHealing;

namespace SecureWatch.Core.Ml;

/// <summary>Registers the threat scorer (shipped models, or a model directory) and the self-healing engine as singletons.</summary>
public static class ThreatScoringServiceCollectionExtensions
{
    public static IServiceCollection AddThreatScoring(this IServiceCollection services, string? modelDirectory = null)
    {
        services.TryAddSingleton(_ => modelDirectory is null ? ThreatModelLoader.LoadEmbedded() : ThreatModelLoader.LoadDirectory(modelDirectory));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SelfHealingOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(sp => new SelfHealingEngine(sp.GetRequiredService<SelfHealingOptions>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
