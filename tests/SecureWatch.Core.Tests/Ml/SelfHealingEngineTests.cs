using Microsoft.Extensions.Configuration;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.SelfHealing;

namespace SecureWatch.Core.Tests.Ml;

public sealed class SelfHealingEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private const string RulesJson = """
        {
          "SelfHealing": {
            "Rules": [
              { "Id": "dos-block", "Categories": [ "dos" ], "MinProbability": 0.9, "Actions": [ "alert", "block_source" ], "Ttl": "00:10:00",
                "BlockFlowSource": true },
              { "Id": "partner-quarantine", "Categories": [ "r2l", "u2r" ], "MinProbability": 0.5, "Senders": [ "partner-a" ],
                "DataSources": [ "kafka" ], "Actions": [ "QuarantineProvider", "rate_limit_sender" ], "Ttl": "00:05:00" }
            ]
          }
        }
        """;

    [Fact]
    public void DryRunIsTheDefaultAndRecordsDecisionsWithoutBlocking()
    {
        var clock = new ManualTimeProvider(Start);
        var engine = new SelfHealingEngine(SelfHealingOptions.FromJson(RulesJson), clock);

        var decisions = engine.Evaluate(Dos(0.95f));

        Assert.Equal([SelfHealingAction.Alert, SelfHealingAction.BlockSource], decisions.Select(d => d.Action));
        Assert.All(decisions, d => Assert.True(d.DryRun));
        Assert.Equal("dos-block", decisions[1].RuleId);
        Assert.Equal("203.0.113.7", decisions[1].Target);
        Assert.Equal(Start.AddMinutes(10), decisions[1].ExpiresAt);
        Assert.False(engine.BlockedSources.Contains("203.0.113.7"));
        Assert.False(engine.Undo(decisions[1].Id));
    }

    [Fact]
    public void RulesMatchOnCategoryThresholdSenderAndDataSource()
    {
        var engine = new SelfHealingEngine(SelfHealingOptions.FromJson(RulesJson), new ManualTimeProvider(Start));

        Assert.Empty(engine.Evaluate(Dos(0.8f)));
        Assert.Empty(engine.Evaluate(Record(AttackCategory.Probe, 0.99f, "kafka", "partner-a")));
        Assert.Empty(engine.Evaluate(Record(AttackCategory.R2l, 0.9f, "kafka", "partner-b")));
        Assert.Empty(engine.Evaluate(Record(AttackCategory.R2l, 0.9f, "http", "partner-a")));
        var decisions = engine.Evaluate(Record(AttackCategory.R2l, 0.9f, "kafka", "PARTNER-A"));
        Assert.Equal([SelfHealingAction.QuarantineProvider, SelfHealingAction.RateLimitSender], decisions.Select(d => d.Action));
        Assert.Equal("PARTNER-A", decisions[0].Target);
        Assert.Null(decisions[0].ExpiresAt);
    }

    [Fact]
    public void AnAppliedBlockExpiresByItselfAfterItsTtl()
    {
        var clock = new ManualTimeProvider(Start);
        var engine = new SelfHealingEngine(Live(), clock);

        var block = engine.Evaluate(Dos(0.95f)).Single(d => d.Action == SelfHealingAction.BlockSource);

        Assert.False(block.DryRun);
        Assert.True(engine.BlockedSources.Contains("203.0.113.7"));
        Assert.DoesNotContain(engine.Evaluate(Dos(0.97f)), d => d.Action == SelfHealingAction.BlockSource);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True(engine.BlockedSources.Contains("203.0.113.7"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(engine.BlockedSources.Contains("203.0.113.7"));
        Assert.Empty(engine.BlockedSources.ActiveEntries());
        Assert.Single(engine.Evaluate(Dos(0.95f)), d => d.Action == SelfHealingAction.BlockSource);
    }

    [Fact]
    public void UndoReversesABlockARateLimitAndAQuarantine()
    {
        var engine = new SelfHealingEngine(Live(), new ManualTimeProvider(Start));
        var block = engine.Evaluate(Dos(0.95f)).Single(d => d.Action == SelfHealingAction.BlockSource);
        var partner = engine.Evaluate(Record(AttackCategory.U2r, 0.7f, "kafka", "partner-a"));
        Assert.True(engine.IsQuarantined("partner-a"));
        Assert.True(engine.RateLimitedSenders.Contains("partner-a"));

        Assert.True(engine.Undo(block.Id));
        Assert.All(partner, d => Assert.True(engine.Undo(d.Id)));

        Assert.False(engine.BlockedSources.Contains("203.0.113.7"));
        Assert.False(engine.IsQuarantined("partner-a"));
        Assert.False(engine.RateLimitedSenders.Contains("partner-a"));
        Assert.False(engine.Undo(block.Id));
    }

    [Fact]
    public void EffectsStoredByAnotherInstanceAreEnforcedHereAndLiftedWhenUndoneThere()
    {
        var clock = new ManualTimeProvider(Start);
        var here = new SelfHealingEngine(Live(), clock);
        var there = new SelfHealingEngine(Live(), clock);
        var block = there.Evaluate(Dos(0.95f)).Single(d => d.Action == SelfHealingAction.BlockSource);
        var partner = there.Evaluate(Record(AttackCategory.U2r, 0.7f, "kafka", "partner-a"));

        here.Synchronize([block, .. partner], []);

        Assert.True(here.BlockedSources.Contains("203.0.113.7"));
        Assert.True(here.RateLimitedSenders.Contains("partner-a"));
        Assert.True(here.IsQuarantined("partner-a"));
        Assert.DoesNotContain(here.Evaluate(Dos(0.99f)), d => d.Action == SelfHealingAction.BlockSource);

        here.Synchronize(partner, [block.Id]);
        Assert.False(here.BlockedSources.Contains("203.0.113.7"));
        Assert.True(here.RateLimitedSenders.Contains("partner-a"));
        here.Synchronize([], [.. partner.Select(d => d.Id)]);
        Assert.False(here.RateLimitedSenders.Contains("partner-a"));
        Assert.False(here.IsQuarantined("partner-a"));
    }

    [Fact]
    public void ATargetBlockedByTwoInstancesStaysBlockedUntilBothAreUndone()
    {
        var clock = new ManualTimeProvider(Start);
        var here = new SelfHealingEngine(Live(), clock);
        var mine = here.Evaluate(Dos(0.95f)).Single(d => d.Action == SelfHealingAction.BlockSource);
        clock.Advance(TimeSpan.FromMinutes(1));
        var theirs = new SelfHealingEngine(Live(), clock).Evaluate(Dos(0.95f)).Single(d => d.Action == SelfHealingAction.BlockSource);
        here.Synchronize([mine, theirs], []);

        Assert.True(here.Undo(theirs.Id));
        here.Synchronize([mine], [theirs.Id]);

        Assert.True(here.BlockedSources.Contains("203.0.113.7"));
        Assert.Equal(mine.Id, Assert.Single(here.BlockedSources.ActiveEntries()).DecisionId);
        here.Synchronize([], [mine.Id]);
        Assert.False(here.BlockedSources.Contains("203.0.113.7"));
    }

    [Fact]
    public void AnEffectDecidedHereButNotYetStoredSurvivesAReloadThatPredatesIt()
    {
        var here = new SelfHealingEngine(Live(), new ManualTimeProvider(Start));
        var block = here.Evaluate(Dos(0.95f)).Single(d => d.Action == SelfHealingAction.BlockSource);

        here.Synchronize([], []);

        Assert.True(here.BlockedSources.Contains("203.0.113.7"));
        Assert.True(here.Undo(block.Id));
    }

    [Fact]
    public void InvalidRulesFailAtLoadWithTheRuleNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SelfHealingOptions.FromJson(
            """{ "Rules": [ { "Id": "bad", "Actions": [ "reboot_router" ] } ] }"""));

        Assert.Contains("bad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsBindFromAConfigurationSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SelfHealing:DryRun"] = "false",
            ["SelfHealing:Rules:0:Id"] = "any-attack",
            ["SelfHealing:Rules:0:Actions:0"] = "alert",
        }).Build();

        var options = SelfHealingOptions.FromConfiguration(configuration);

        Assert.False(options.DryRun);
        var decision = Assert.Single(new SelfHealingEngine(options, TimeProvider.System).Evaluate(Dos(0.6f)));
        Assert.Equal("sensor-1", decision.Target);
        Assert.Empty(new SelfHealingEngine(options, TimeProvider.System).Evaluate(Record(AttackCategory.Normal, 0.1f, "kafka", "x", isAttack: false)));
    }

    private static SelfHealingOptions Live()
    {
        var options = SelfHealingOptions.FromJson(RulesJson);
        options.DryRun = false;
        return options;
    }

    private static ScoredRecord Dos(float probability) => Record(AttackCategory.Dos, probability, "capture", "sensor-1");

    private static ScoredRecord Record(AttackCategory category, float probability, string source, string sender, bool isAttack = true) =>
        new(new Prediction(isAttack, probability, category, "test"), source, sender, "203.0.113.7");
}
