using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.SelfHealing;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ThreatScoringServiceCollectionTests
{
    [Fact]
    public void ContainerServesTheShippedScorerAndAnEngineBoundToTheSelfHealingSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SelfHealing:Rules:0:Id"] = "alert-all",
            ["SelfHealing:Rules:0:Actions:0"] = "alert",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddThreatScoring()
            .BuildServiceProvider();

        var scorer = provider.GetRequiredService<ThreatScorer>();
        var engine = provider.GetRequiredService<SelfHealingEngine>();

        Assert.True(scorer.Supports(KddFeatureSet.Kdd41) && scorer.Supports(KddFeatureSet.Header28));
        Assert.True(provider.GetRequiredService<SelfHealingOptions>().DryRun);
        var decision = Assert.Single(engine.Evaluate(new ScoredRecord(new Prediction(true, 0.9f, AttackCategory.Dos, "v"), "kafka", "s", null)));
        Assert.Equal("alert-all", decision.RuleId);
    }
}
