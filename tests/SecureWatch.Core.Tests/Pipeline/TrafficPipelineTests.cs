using System.Text;
using System.Text.Json;
using SecureWatch.Core.Features;
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

public sealed class TrafficPipelineTests
{
    private const string CaptureTopic = "captured-traffic";
    private const string ExternalTopic = "external-traffic";
    private const string InternalTopic = "network-traffic";
    private const string Sender = "198.51.100.7";

    // These tests are about other checks; signatures are required by default and tested in ProviderIdentityTests.
    private const string Unsigned = """{"require_signature": false}""";

    private readonly SyntheticTrafficGenerator _generator = new(seed: 7);

    [Theory]
    [InlineData(DataSourceNames.PacketCapture, CaptureTopic, "header28")]
    [InlineData(DataSourceNames.ExternalKafka, ExternalTopic, "kdd41")]
    [InlineData(DataSourceNames.InternalKafka, InternalTopic, "kdd41")]
    public async Task A_valid_record_of_each_source_is_stored_once_and_predicted(string source, string topic, string featureSet)
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(source, extraParams: source == DataSourceNames.ExternalKafka ? Unsigned : null);
        await harness.WhitelistAsync("198.51.100.0/24");
        KddFeatureSet.TryGet(featureSet, out var set);
        var external = source == DataSourceNames.ExternalKafka;
        var record = _generator.Next(source, external ? Sender : null, set);
        var input = harness.Record(topic, record, external ? [Header(PipelineHeaders.SenderIp, Sender)] : []);

        var result = await harness.Pipeline.ProcessAsync([input], CancellationToken.None);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RecordOutcomeKind.Stored, outcome.Kind);
        var message = Assert.Single(result.Messages);
        Assert.Equal(PipelineHeaders.PredictionsTopic, message.Topic);
        var prediction = JsonSerializer.Deserialize<PredictionMessage>(message.Value, TrafficRecordJson.Options)!;
        Assert.Equal(record.EventId, prediction.EventId);
        Assert.Equal(outcome.TrafficId, prediction.TrafficId);
        Assert.Equal(featureSet, prediction.FeatureSet);
        Assert.StartsWith(featureSet, prediction.ModelVersion, StringComparison.Ordinal);

        var stored = await harness.ScalarAsync<string>(
            "SELECT concat_ws('|', event_id, data_source, feature_set, is_attack, category, model_version, kafka_topic, kafka_offset, host(sender_ip)) FROM traffic_data WHERE id = $1",
            outcome.TrafficId!.Value);
        Assert.Equal(
            string.Join('|', record.EventId, source, featureSet, prediction.IsAttack ? "t" : "f", prediction.Category, prediction.ModelVersion, topic, input.Offset)
                + (external ? $"|{Sender}" : ""),
            stored);
        Assert.Equal(1, harness.Counters.Stored);
    }

    [Fact]
    public async Task A_header28_record_is_scored_by_the_header28_models_with_28_stored_features()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.PacketCapture);
        var record = _generator.Next(DataSourceNames.PacketCapture, null, KddFeatureSet.Header28);

        var result = await harness.Pipeline.ProcessAsync([harness.Record(CaptureTopic, record)], CancellationToken.None);

        var id = Assert.Single(result.Outcomes).TrafficId!.Value;
        Assert.Equal(28, await harness.ScalarAsync<int>("SELECT count(*)::int FROM traffic_data, jsonb_object_keys(features) WHERE id = $1", id));
        Assert.StartsWith("header28", await harness.ScalarAsync<string>("SELECT model_version FROM traffic_data WHERE id = $1", id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_rejection_reason_goes_to_the_dead_letter_topic_and_the_batch_goes_on()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"rate_limit_per_second": 0.001, "rate_limit_burst": 1, "require_signature": false}""");
        await harness.WhitelistAsync("198.51.100.0/24");
        var secret = "s3cret"u8.ToArray();
        await harness.WhitelistAsync("203.0.113.9/32", secret);
        var signed = _generator.Next(DataSourceNames.ExternalKafka, "203.0.113.9");
        var signedBytes = TrafficRecordJson.SerializeToUtf8Bytes(signed);
        var oldBytes = TrafficRecordJson.SerializeToUtf8Bytes(signed with { EventId = Guid.NewGuid(), ObservedAt = DateTimeOffset.UtcNow.AddDays(-40) });
        var senderHeader = Header(PipelineHeaders.SenderIp, Sender);
        KafkaRecord Valid() => harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, Sender), senderHeader);

        var cases = new (KafkaRecord Input, string? Reason)[]
        {
            (harness.Record(ExternalTopic, "{not json"u8.ToArray(), senderHeader), RejectReasons.NotJson),
            (harness.Record(ExternalTopic, """{"schema": "securewatch.traffic.v1"}"""u8.ToArray(), senderHeader), RejectReasons.SchemaInvalid),
            (harness.Record(ExternalTopic, new byte[70_000], senderHeader), RejectReasons.Oversized),
            (harness.Record(CaptureTopic, _generator.Next(DataSourceNames.PacketCapture, null, KddFeatureSet.Header28)), RejectReasons.SourceDisabled),
            (harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, "192.0.2.1"), Header(PipelineHeaders.SenderIp, "192.0.2.1")), RejectReasons.NotWhitelisted),
            (harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, Sender), Header(PipelineHeaders.SenderIp, "198.51.100.8")), RejectReasons.SenderMismatch),
            (harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, Sender)), RejectReasons.SenderMismatch),
            (harness.Record(ExternalTopic, signedBytes, Header(PipelineHeaders.SenderIp, "203.0.113.9"), Header(PipelineHeaders.Signature, PayloadSignature.Compute("wrong"u8, signedBytes))), RejectReasons.BadSignature),
            (harness.Record(ExternalTopic, signedBytes, Header(PipelineHeaders.SenderIp, "203.0.113.9")), RejectReasons.BadSignature),
            (harness.Record(InternalTopic, _generator.Next(DataSourceNames.ExternalKafka, Sender), senderHeader), RejectReasons.SchemaInvalid),
            (harness.Record(ExternalTopic, oldBytes, Header(PipelineHeaders.SenderIp, "203.0.113.9"), Header(PipelineHeaders.Signature, PayloadSignature.Compute(secret, oldBytes))), RejectReasons.Stale),
            (Valid(), null),
            (Valid(), RejectReasons.RateLimited),
            (harness.Record(ExternalTopic, signedBytes, Header(PipelineHeaders.SenderIp, "203.0.113.9"), Header(PipelineHeaders.Signature, PayloadSignature.Compute(secret, signedBytes))), null),
        };

        var result = await harness.Pipeline.ProcessAsync([.. cases.Select(c => c.Input)], CancellationToken.None);

        Assert.Equal(cases.Length, result.Messages.Count);
        for (var i = 0; i < cases.Length; i++)
        {
            var (input, reason) = cases[i];
            var message = result.Messages[i];
            if (reason is null)
            {
                Assert.Equal(RecordOutcomeKind.Stored, result.Outcomes[i].Kind);
                Assert.Equal(PipelineHeaders.PredictionsTopic, message.Topic);
                continue;
            }

            Assert.True(RecordOutcomeKind.Rejected == result.Outcomes[i].Kind, $"case {i} ({reason}) was {result.Outcomes[i].Kind}");
            Assert.Equal(reason, result.Outcomes[i].Reason);
            Assert.Equal(input.Topic + ".dlq", message.Topic);
            Assert.Equal(input.Key, message.Key);
            Assert.Equal(input.Value, message.Value);
            var headers = message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.Value));
            Assert.Equal(reason, headers[PipelineHeaders.ErrorReason]);
            Assert.False(string.IsNullOrWhiteSpace(headers[PipelineHeaders.ErrorMessage]));
            Assert.Equal(input.Topic, headers[PipelineHeaders.OriginalTopic]);
            Assert.Equal("0", headers[PipelineHeaders.OriginalPartition]);
            Assert.Equal(input.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), headers[PipelineHeaders.OriginalOffset]);
            Assert.All(input.Headers, h => Assert.Contains(h, message.Headers));
        }

        Assert.Equal(2, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data"));
        // Unstorable needs a record PostgreSQL refuses; UnstorableRecordTests covers it.
        Assert.All(RejectReasons.All.Where(r => r != RejectReasons.Unstorable), reason => Assert.True(harness.Counters.Rejected(reason) > 0, $"{reason} never counted"));
        Assert.Equal(cases.Count(c => c.Reason is not null), harness.Counters.TotalRejected);
    }

    [Fact]
    public async Task Require_signature_refuses_unsigned_records_from_senders_without_a_secret()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: """{"require_signature": true}""");
        await harness.WhitelistAsync(Sender);

        var result = await harness.Pipeline.ProcessAsync(
            [harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, Sender), Header(PipelineHeaders.SenderIp, Sender))],
            CancellationToken.None);

        Assert.Equal(RejectReasons.BadSignature, Assert.Single(result.Outcomes).Reason);
    }

    [Fact]
    public async Task A_redelivered_batch_is_not_stored_again_but_its_predictions_are_republished()
    {
        await using var harness = await StartAsync();
        var batch = Enumerable.Range(0, 50)
            .Select(_ => harness.Record(InternalTopic, _generator.Next(DataSourceNames.InternalKafka, null)))
            .ToList();

        var first = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);
        var again = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);

        Assert.All(first.Outcomes, o => Assert.Equal(RecordOutcomeKind.Stored, o.Kind));
        Assert.All(again.Outcomes, o => Assert.Equal(RecordOutcomeKind.Redelivered, o.Kind));
        Assert.Equal(first.Outcomes.Select(o => o.TrafficId), again.Outcomes.Select(o => o.TrafficId));
        Assert.Equal(50, again.Messages.Count(m => m.Topic == PipelineHeaders.PredictionsTopic));
        Assert.Equal(50, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data"));
    }

    [Fact]
    public async Task An_event_id_seen_before_at_another_position_is_dropped_as_a_duplicate()
    {
        await using var harness = await StartAsync();
        var record = _generator.Next(DataSourceNames.InternalKafka, null);

        var result = await harness.Pipeline.ProcessAsync(
            [harness.Record(InternalTopic, record), harness.Record(InternalTopic, record)], CancellationToken.None);
        var later = await harness.Pipeline.ProcessAsync([harness.Record(InternalTopic, record)], CancellationToken.None);

        Assert.Equal([RecordOutcomeKind.Stored, RecordOutcomeKind.DuplicateEvent], result.Outcomes.Select(o => o.Kind));
        Assert.Equal(RecordOutcomeKind.DuplicateEvent, Assert.Single(later.Outcomes).Kind);
        Assert.Single(result.Messages);
        Assert.Empty(later.Messages);
        Assert.Equal(1, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data"));
    }

    [Fact]
    public async Task Self_healing_decisions_are_recorded_with_their_traffic_row_and_quarantine_deactivates_the_sender()
    {
        var options = new SelfHealingOptions
        {
            DryRun = false,
            Rules = [new SelfHealingRule { Id = "quarantine-attackers", MinProbability = 0.5, Actions = ["alert", "quarantine_provider"] }],
        };
        await using var harness = await StartAsync(options);
        await harness.EnableAsync(DataSourceNames.ExternalKafka, extraParams: Unsigned);
        var entryId = await harness.WhitelistAsync(Sender);
        var attacks = Enumerable.Range(0, 40)
            .Select(_ => _generator.Next(DataSourceNames.ExternalKafka, Sender))
            .Select(r => harness.Record(ExternalTopic, r, Header(PipelineHeaders.SenderIp, Sender)))
            .ToList();

        var result = await harness.Pipeline.ProcessAsync(attacks, CancellationToken.None);

        var predictions = result.Messages.Select(m => JsonSerializer.Deserialize<PredictionMessage>(m.Value, TrafficRecordJson.Options)!).ToList();
        var attack = predictions.First(p => p.IsAttack);
        Assert.Contains(attack.Actions, a => a.Action == "quarantine_provider" && a.Target == Sender && !a.DryRun);
        var quarantine = attack.Actions.Single(a => a.Action == "quarantine_provider");
        Assert.Equal(
            $"{attack.TrafficId}|{entryId}|{attack.EventId}",
            await harness.ScalarAsync<string>("SELECT concat_ws('|', traffic_id, whitelist_entry_id, event_id) FROM response_actions WHERE id = $1", quarantine.Id));
        Assert.Equal("quarantine_provider", await harness.ScalarAsync<string>("SELECT response_action FROM traffic_data WHERE id = $1", attack.TrafficId));
        Assert.False(await harness.ScalarAsync<bool>("SELECT is_active FROM ip_whitelist WHERE id = $1", entryId));
        Assert.Equal(1L, await harness.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity = 'ip_whitelist' AND action = 'quarantine'"));

        await harness.ReloadAsync();
        var after = await harness.Pipeline.ProcessAsync(
            [harness.Record(ExternalTopic, _generator.Next(DataSourceNames.ExternalKafka, Sender), Header(PipelineHeaders.SenderIp, Sender))],
            CancellationToken.None);
        Assert.Equal(RejectReasons.NotWhitelisted, Assert.Single(after.Outcomes).Reason);
    }
}
