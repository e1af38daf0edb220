using Microsoft.Extensions.Options;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Functions.LogStreams;

namespace SecureWatch.Functions.Extensions;

public static class LogStreamServiceCollectionExtensions
{
    /// <summary>The log streams: rules (checked at start-up), counters, detection storage and, standalone, the consumers.</summary>
    public static IServiceCollection AddSecureWatchLogStreams(this IServiceCollection services)
    {
        services.AddOptions<LogStreamOptions>()
            .BindConfiguration(LogStreamOptions.SectionName)
            .Validate(o => o.MaxPushPerSecond > 0, "Logs:MaxPushPerSecond must be at least 1")
            .Validate(o => o.BatchSize is > 0 and <= 10_000, "Logs:BatchSize must be 1 to 10000")
            .Validate(o => o.BatchWait >= TimeSpan.Zero && o.BatchWait <= TimeSpan.FromSeconds(5), "Logs:BatchWait must be 0 to 5 seconds")
            .Validate(o => o.RulesFile.Length == 0 || File.Exists(o.RulesFile), "Logs:RulesFile names a file that does not exist")
            .ValidateOnStart();
        // A broken rules file stops the start with the loader's message rather than running without detection.
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<LogStreamOptions>>().Value.RulesFile is { Length: > 0 } path
            ? LogRuleSet.Load(path)
            : LogRuleSet.LoadDefaults());
        // Functions mode: one evaluator (thread-safe) for every log trigger invocation of this process.
        services.AddSingleton(provider => new LogRuleEvaluator(provider.GetRequiredService<LogRuleSet>()));
        services.AddSingleton<LogStreamCounters>();
        services.AddSingleton<LogDetectionStore>();
        services.AddSingleton<LogStreamService>();
        services.AddHostedService(provider => provider.GetRequiredService<LogStreamService>());
        return services;
    }
}
