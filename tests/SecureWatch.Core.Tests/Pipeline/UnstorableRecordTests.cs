using System.Text;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using static SecureWatch.Core.Tests.Pipeline.PipelineHarness;

namespace SecureWatch.Core.Tests.Pipeline;

/// <summary>A record PostgreSQL refuses is the record's problem, never the batch's or the source's.</summary>
public sealed class UnstorableRecordTests
{
    private const string InternalTopic = "network-traffic";

    private readonly SyntheticTrafficGenerator _generator = new(seed: 13);

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(49)]
    public async Task A_record_the_database_refuses_is_dead_lettered_as_unstorable_and_the_rest_of_its_batch_is_stored(int badIndex)
    {
        await using var harness = await StartAsync();

        // Stands for any value that passes the contract but not PostgreSQL (SQLSTATE class 23 here, 22 alike).
        await harness.ExecuteAsync("ALTER TABLE traffic_data ADD CONSTRAINT test_refused_service CHECK (features->>'service' <> 'refused_here')");
        var batch = Enumerable.Range(0, 50).Select(i => harness.Record(InternalTopic, i == badIndex ? Refused() : _generator.Next(DataSourceNames.InternalKafka, null))).ToList();

        var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);

        var bad = result.Outcomes[badIndex];
        Assert.Equal(RecordOutcomeKind.Rejected, bad.Kind);
        Assert.Equal(RejectReasons.Unstorable, bad.Reason);
        Assert.Contains("test_refused_service", bad.Message, StringComparison.Ordinal);
        Assert.All(result.Outcomes.Where((_, i) => i != badIndex), o => Assert.Equal(RecordOutcomeKind.Stored, o.Kind));
        Assert.Equal(49, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data"));
        Assert.Equal(49, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_ingest_keys"));
        var letter = Assert.Single(result.Messages, m => m.Topic == PipelineHeaders.DeadLetterTopic(InternalTopic));
        Assert.Equal(batch[badIndex].Value, letter.Value);
        Assert.Equal(RejectReasons.Unstorable, Encoding.UTF8.GetString(letter.Headers.Single(h => h.Key == PipelineHeaders.ErrorReason).Value));
        Assert.Equal(49, result.Messages.Count(m => m.Topic == PipelineHeaders.PredictionsTopic));
        Assert.Equal(1, harness.Counters.Rejected(RejectReasons.Unstorable));

        // The next batch of the source goes on as usual, and the refused record redelivered is refused again, not stored.
        var next = await harness.Pipeline.ProcessAsync(
            [harness.Record(InternalTopic, _generator.Next(DataSourceNames.InternalKafka, null)), batch[badIndex]], CancellationToken.None);
        Assert.Equal([RecordOutcomeKind.Stored, RecordOutcomeKind.Rejected], next.Outcomes.Select(o => o.Kind));
    }

    [Fact]
    public async Task Two_refused_records_in_one_batch_are_both_dead_lettered_and_a_duplicate_event_stays_a_duplicate()
    {
        await using var harness = await StartAsync();
        await harness.ExecuteAsync("ALTER TABLE traffic_data ADD CONSTRAINT test_refused_service CHECK (features->>'service' <> 'refused_here')");
        var twice = _generator.Next(DataSourceNames.InternalKafka, null);
        var batch = new List<KafkaRecord>
        {
            harness.Record(InternalTopic, twice),
            harness.Record(InternalTopic, Refused()),
            harness.Record(InternalTopic, _generator.Next(DataSourceNames.InternalKafka, null)),
            harness.Record(InternalTopic, twice),
            harness.Record(InternalTopic, Refused()),
        };

        var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);

        Assert.Equal(
            [RecordOutcomeKind.Stored, RecordOutcomeKind.Rejected, RecordOutcomeKind.Stored, RecordOutcomeKind.DuplicateEvent, RecordOutcomeKind.Rejected],
            result.Outcomes.Select(o => o.Kind));
        Assert.Equal(2, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data"));
    }

    private TrafficRecord Refused()
    {
        var record = _generator.Next(DataSourceNames.InternalKafka, null);
        var features = new Dictionary<string, TrafficFeatureValue>(record.Features, StringComparer.Ordinal) { ["service"] = "refused_here" };
        return record with { Features = features };
    }
}
