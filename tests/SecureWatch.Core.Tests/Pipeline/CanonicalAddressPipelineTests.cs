using System.Text.Json;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using static SecureWatch.Core.Tests.Pipeline.PipelineHarness;

namespace SecureWatch.Core.Tests.Pipeline;

/// <summary>One address, one form: what is stored, predicted, rate-limited and decided on is the canonical address.</summary>
public sealed class CanonicalAddressPipelineTests
{
    private const string ExternalTopic = "external-traffic";
    private const string Sender = "203.0.113.20";
    private const string MappedSender = "::ffff:203.0.113.20";

    private readonly SyntheticTrafficGenerator _generator = new(seed: 17);

    [Fact]
    public async Task A_sender_written_as_ipv4_mapped_ipv6_is_stored_predicted_and_rate_limited_as_ipv4()
    {
        var options = new SelfHealingOptions
        {
            DryRun = false,
            Rules = [new SelfHealingRule { Id = "throttle-attackers", MinProbability = 0.5, Actions = ["rate_limit_sender"] }],
        };
        await using var harness = await StartAsync(options);
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"require_signature": false}""");
        await harness.WhitelistAsync(Sender);
        var batch = Enumerable.Range(0, 40)
            .Select(_ => harness.Record(ExternalTopic, Mapped(_generator.Next(DataSourceNames.ExternalKafka, MappedSender)), Header(PipelineHeaders.SenderIp, MappedSender)))
            .ToList();

        var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);

        Assert.All(result.Outcomes, o => Assert.Equal(RecordOutcomeKind.Stored, o.Kind));
        var predictions = result.Messages.Select(m => JsonSerializer.Deserialize<PredictionMessage>(m.Value, TrafficRecordJson.Options)!).ToList();
        Assert.All(predictions, p => Assert.Equal(Sender, p.SenderIp));
        Assert.All(predictions, p => Assert.Equal("10.0.0.1", p.Flow.SrcIp));
        Assert.Equal(40, await harness.ScalarAsync<long>($"SELECT count(*) FROM traffic_data WHERE host(sender_ip) = '{Sender}' AND host(src_ip) = '10.0.0.1'"));
        Assert.Contains(predictions, p => p.Actions.Any(a => a.Action == "rate_limit_sender"));

        // Whichever way the sender writes itself, the decision holds.
        foreach (var spelling in new[] { Sender, MappedSender, "::FFFF:cb00:7114" })
        {
            var later = await harness.Pipeline.ProcessAsync(
                [harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, spelling), Header(PipelineHeaders.SenderIp, spelling))],
                CancellationToken.None);
            Assert.Equal(RejectReasons.RateLimited, Assert.Single(later.Outcomes).Reason);
        }
    }

    [Fact]
    public async Task A_sender_ip_header_with_a_zone_id_is_a_sender_mismatch()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"require_signature": false}""");
        await harness.WhitelistAsync("fe80::/64");

        var result = await harness.Pipeline.ProcessAsync(
            [harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, "fe80::1"), Header(PipelineHeaders.SenderIp, "fe80::1%<img src=x onerror=alert(1)>"))],
            CancellationToken.None);

        Assert.Equal(RejectReasons.SenderMismatch, Assert.Single(result.Outcomes).Reason);
    }

    private static TrafficRecord Mapped(TrafficRecord record) => record with { Flow = record.Flow with { SrcIp = "::ffff:10.0.0.1" } };
}
