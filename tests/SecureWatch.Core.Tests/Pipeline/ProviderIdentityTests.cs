using System.Text;
using System.Text.Json;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Providers;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using static SecureWatch.Core.Tests.Pipeline.PipelineHarness;

namespace SecureWatch.Core.Tests.Pipeline;

/// <summary>A provider is who it proves to be, is throttled and blocked as that, and cannot steer what we do.</summary>
public sealed class ProviderIdentityTests
{
    private const string ExternalTopic = "external-traffic";
    private const string InternalTopic = "network-traffic";
    private const string Sender = "198.51.100.7";

    private readonly SyntheticTrafficGenerator _generator = new(seed: 23);

    [Fact]
    public async Task Signatures_are_required_for_external_providers_by_default_and_an_entry_without_a_secret_admits_nothing()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka);
        await harness.WhitelistAsync("198.51.100.0/24");
        var value = TrafficRecordJson.SerializeToUtf8Bytes(_generator.Next(DataSourceNames.ExternalKafka, Sender));

        var result = await harness.Pipeline.ProcessAsync(
            [
                harness.Record(ExternalTopic, value, Header(PipelineHeaders.SenderIp, Sender)),
                harness.Record(ExternalTopic, value, Header(PipelineHeaders.SenderIp, Sender), Header(PipelineHeaders.Signature, PayloadSignature.Compute(""u8, value))),
            ],
            CancellationToken.None);

        Assert.All(result.Outcomes, o => Assert.Equal(RejectReasons.BadSignature, o.Reason));
        Assert.Contains("no signing secret", result.Outcomes[1].Message, StringComparison.Ordinal);

        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"require_signature": false}""");
        var off = await harness.Pipeline.ProcessAsync([harness.Record(ExternalTopic, value, Header(PipelineHeaders.SenderIp, Sender))], CancellationToken.None);
        Assert.Equal(RecordOutcomeKind.Stored, Assert.Single(off.Outcomes).Kind);
    }

    [Fact]
    public async Task A_signed_record_older_than_event_ids_are_remembered_or_from_the_future_is_stale()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka);
        var secret = "provider-secret"u8.ToArray();
        await harness.WhitelistAsync(Sender, secret);
        KafkaRecord Signed(DateTimeOffset observedAt)
        {
            var value = TrafficRecordJson.SerializeToUtf8Bytes(_generator.Next(DataSourceNames.ExternalKafka, Sender) with { ObservedAt = observedAt });
            return harness.Record(ExternalTopic, value, Header(PipelineHeaders.SenderIp, Sender), Header(PipelineHeaders.Signature, PayloadSignature.Compute(secret, value)));
        }

        var now = DateTimeOffset.UtcNow;
        var result = await harness.Pipeline.ProcessAsync(
            [Signed(now.AddDays(-31)), Signed(now.AddHours(1)), Signed(now.AddDays(-1))], CancellationToken.None);

        Assert.Equal([RejectReasons.Stale, RejectReasons.Stale, null], result.Outcomes.Select(o => o.Reason));
        Assert.Contains("observed_at", result.Outcomes[0].Message, StringComparison.Ordinal);
        Assert.Contains("too old", result.Outcomes[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limits_are_kept_per_whitelist_entry_whichever_address_of_it_the_provider_claims()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"require_signature": false, "rate_limit_per_second": 0.001, "rate_limit_burst": 1}""");
        await harness.WhitelistAsync("198.51.100.0/24");

        var result = await harness.Pipeline.ProcessAsync(
            [.. new[] { "198.51.100.7", "198.51.100.8", "198.51.100.9" }.Select(sender =>
                harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, sender), Header(PipelineHeaders.SenderIp, sender)))],
            CancellationToken.None);

        Assert.Equal([null, RejectReasons.RateLimited, RejectReasons.RateLimited], result.Outcomes.Select(o => o.Reason));
        Assert.Contains("198.51.100.0/24", result.Outcomes[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Self_healing_blocks_an_external_provider_as_its_verified_sender_and_throttles_its_whitelist_entry()
    {
        await using var harness = await StartAsync(Live(new SelfHealingRule { Id = "r", MinProbability = 0.5, Actions = ["block_source", "rate_limit_sender"], BlockFlowSource = true }));
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"require_signature": false}""");
        await harness.WhitelistAsync("198.51.100.0/24");

        var actions = await DecideAsync(harness, ExternalTopic, DataSourceNames.ExternalKafka, Sender);

        Assert.Equal([("block_source", Sender), ("rate_limit_sender", "198.51.100.0/24")], actions.Select(a => (a.Action, a.Target)).Distinct().Order());
        Assert.Equal(2, await harness.ScalarAsync<long>("SELECT count(*) FROM response_actions"));
    }

    [Fact]
    public async Task An_internal_record_blocks_its_flow_source_only_when_the_rule_says_so_and_never_a_protected_network()
    {
        var rules = new[]
        {
            new SelfHealingRule { Id = "no-flow", MinProbability = 0.5, Actions = ["block_source"] },
            new SelfHealingRule { Id = "flow", MinProbability = 0.5, Actions = ["block_source"], BlockFlowSource = true },
        };
        var options = Live(rules);
        options.NeverBlock = ["10.0.0.0/9"];
        await using var harness = await StartAsync(options);

        var batch = Enumerable.Range(0, 60).Select(i => _generator.Next(DataSourceNames.InternalKafka, "203.0.113.1"))
            .Select((r, i) => r with { Flow = r.Flow with { SrcIp = i % 3 == 0 ? "127.0.0.5" : i % 3 == 1 ? "10.1.2.3" : $"10.200.0.{i}" } })
            .Select(r => harness.Record(InternalTopic, r))
            .ToList();
        var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);

        var blocks = result.Messages.SelectMany(m => JsonSerializer.Deserialize<PredictionMessage>(m.Value, TrafficRecordJson.Options)!.Actions).ToList();
        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.Equal("flow", b.RuleId));
        Assert.All(blocks, b => Assert.StartsWith("10.200.0.", b.Target, StringComparison.Ordinal));
        Assert.True(harness.SelfHealing.ProtectedSkips > 0);
    }

    [Fact]
    public async Task Incoming_securewatch_headers_are_dropped_from_a_dead_letter_and_other_headers_kept()
    {
        await using var harness = await StartAsync();
        var input = harness.Record(InternalTopic, "{not json"u8.ToArray(),
            Header(PipelineHeaders.ErrorReason, "all-fine"), Header(PipelineHeaders.OriginalTopic, "elsewhere"), Header("x-trace", "abc"));

        var letter = Assert.Single((await harness.Pipeline.ProcessAsync([input], CancellationToken.None)).Messages);

        Assert.Equal(RejectReasons.NotJson, Encoding.UTF8.GetString(Assert.Single(letter.Headers, h => h.Key == PipelineHeaders.ErrorReason).Value));
        Assert.Equal(InternalTopic, Encoding.UTF8.GetString(Assert.Single(letter.Headers, h => h.Key == PipelineHeaders.OriginalTopic).Value));
        Assert.Equal("abc", Encoding.UTF8.GetString(Assert.Single(letter.Headers, h => h.Key == "x-trace").Value));
    }

    [Fact]
    public async Task A_topic_shared_behind_the_api_is_refused_by_the_database()
    {
        await using var harness = await StartAsync();

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => harness.ExecuteAsync(
            "UPDATE data_source_config SET config_params = jsonb_set(config_params, '{topic}', to_jsonb($1::text)) WHERE source_name = 'internal_kafka'",
            "external-traffic"));

        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal("data_source_config_topic_key", refused.ConstraintName);
    }

    [Theory]
    [InlineData("predictions")]
    [InlineData("external-traffic.dlq")]
    public async Task A_source_whose_topic_was_changed_behind_the_api_to_a_reserved_one_is_not_consumed(string topic)
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka);
        await harness.ExecuteAsync("UPDATE data_source_config SET config_params = jsonb_set(config_params, '{topic}', to_jsonb($1::text)) WHERE source_name = 'internal_kafka'", topic);
        await harness.ReloadAsync();

        var result = await harness.Pipeline.ProcessAsync(
            [harness.Record(topic, _generator.Next(DataSourceNames.InternalKafka, null))], CancellationToken.None);

        Assert.Contains(DataSourceNames.InternalKafka, harness.Sources.Refused.Keys);
        Assert.False(harness.Sources.TryGetByName(DataSourceNames.InternalKafka, out var settings) && settings.IsEnabled);
        Assert.Equal(RejectReasons.SourceDisabled, Assert.Single(result.Outcomes).Reason);
    }

    private static SelfHealingOptions Live(params SelfHealingRule[] rules) => new() { DryRun = false, Rules = [.. rules] };

    private async Task<List<PredictionResponseAction>> DecideAsync(PipelineHarness harness, string topic, string source, string sender)
    {
        var batch = Enumerable.Range(0, 40)
            .Select(_ => _generator.Next(source, sender))
            .Select(r => harness.Record(topic, r, Header(PipelineHeaders.SenderIp, sender)))
            .ToList();
        var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);
        return [.. result.Messages.SelectMany(m => JsonSerializer.Deserialize<PredictionMessage>(m.Value, TrafficRecordJson.Options)!.Actions)];
    }
}
