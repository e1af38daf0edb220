using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Tests.Pipeline;

namespace SecureWatch.Core.Tests.Alerts;

public sealed class AlertGroupingTests
{
    private const string InternalTopic = "network-traffic";

    private readonly SyntheticTrafficGenerator _generator = new(seed: 5);

    [Fact]
    public async Task A_flood_of_8000_syn_records_from_one_source_is_one_alert_counting_8000()
    {
        await using var harness = await StartAsync();

        for (var batch = 0; batch < 16; batch++)
        {
            await ProcessAsync(harness, Flood(harness, "10.0.0.66", 500));
        }

        Assert.Equal(1L, await harness.ScalarAsync<long>("SELECT count(*) FROM alerts"));
        Assert.Equal(
            "dos|open|8000|4|1|10.0.0.66",
            await harness.ScalarAsync<string>(
                "SELECT concat_ws('|', category, status, record_count, distinct_destinations, distinct_ports, host(attacker_ip)) FROM alerts"));
        Assert.Equal(8000L, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM traffic_data t JOIN alerts a ON a.id = t.alert_id"));
        Assert.Equal(4L, await harness.ScalarAsync<long>("SELECT count(*) FROM alert_destinations"));
        Assert.Equal(8000L, await harness.ScalarAsync<long>("SELECT sum(records)::bigint FROM alert_destinations"));
    }

    [Fact]
    public async Task Two_attackers_make_two_alerts_and_normal_records_join_none()
    {
        await using var harness = await StartAsync();
        var normal = new SyntheticTrafficGenerator(seed: 3);
        var benign = Enumerable.Range(0, 20).Select(_ => normal.Next(DataSourceNames.InternalKafka, null))
            .Select(r => harness.Record(InternalTopic, r));

        await ProcessAsync(harness, [.. Flood(harness, "10.0.0.1", 20), .. Flood(harness, "10.0.0.2", 30), .. benign]);

        Assert.Equal("10.0.0.1=20,10.0.0.2=30", await harness.ScalarAsync<string>(
            "SELECT string_agg(host(attacker_ip) || '=' || record_count, ',' ORDER BY attacker_ip) FROM alerts WHERE host(attacker_ip) LIKE '10.0.0.%'"));
        Assert.Equal(await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data WHERE is_attack"),
            await harness.ScalarAsync<long>("SELECT sum(record_count)::bigint FROM alerts"));
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data WHERE NOT is_attack AND alert_id IS NOT NULL"));
    }

    [Fact]
    public async Task Demo_traffic_from_a_few_hosts_makes_a_short_alert_list()
    {
        await using var harness = await StartAsync();
        var demo = new SyntheticTrafficGenerator(seed: 11) { SourceHosts = 24 };
        for (var batch = 0; batch < 4; batch++)
        {
            await ProcessAsync(harness, [.. Enumerable.Range(0, 500)
                .Select(_ => harness.Record(InternalTopic, demo.Next(DataSourceNames.InternalKafka, null)))]);
        }

        var attacks = await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data WHERE is_attack");
        var alerts = await harness.ScalarAsync<long>("SELECT count(*) FROM alerts");
        Assert.True(attacks > 200, $"the demo templates gave only {attacks} attacks in 2,000 records");
        // At most one open alert per host and category: the demo's 2,000 records are a list an analyst can read.
        Assert.InRange(alerts, 1, 24 * 4);
        Assert.Equal(0L, await harness.ScalarAsync<long>(
            "SELECT count(*) FROM alerts WHERE host(attacker_ip) NOT LIKE '10.0.0.%'"));
    }

    [Fact]
    public async Task A_record_after_the_group_window_opens_a_new_alert()
    {
        await using var harness = await StartAsync();
        await ProcessAsync(harness, Flood(harness, "10.0.0.9", 10));
        await harness.ExecuteAsync("UPDATE alerts SET last_seen = last_seen - interval '16 minutes'");

        await ProcessAsync(harness, Flood(harness, "10.0.0.9", 5));

        Assert.Equal("10,5", await harness.ScalarAsync<string>("SELECT string_agg(record_count::text, ',' ORDER BY id) FROM alerts"));
    }

    [Fact]
    public async Task An_acknowledged_alert_keeps_absorbing_and_a_closed_one_does_not_but_is_linked_by_the_recurrence()
    {
        await using var harness = await StartAsync();
        await ProcessAsync(harness, Flood(harness, "10.0.0.9", 10));
        await harness.ExecuteAsync("UPDATE alerts SET status = 'acknowledged'");
        await ProcessAsync(harness, Flood(harness, "10.0.0.9", 10));
        Assert.Equal("acknowledged|20", await harness.ScalarAsync<string>("SELECT concat_ws('|', status, record_count) FROM alerts"));
        await harness.ExecuteAsync("UPDATE alerts SET status = 'closed', resolution = 'true_positive'");

        await ProcessAsync(harness, Flood(harness, "10.0.0.9", 3));

        Assert.Equal(
            "closed|20|-,open|3|1",
            await harness.ScalarAsync<string>(
                "SELECT string_agg(concat_ws('|', status, record_count, coalesce(previous_alert_id::text, '-')), ',' ORDER BY id) FROM alerts"));
    }

    [Fact]
    public async Task The_same_batch_delivered_twice_leaves_the_counters_unchanged()
    {
        await using var harness = await StartAsync();
        var batch = Flood(harness, "10.0.0.5", 50);
        await ProcessAsync(harness, batch);
        const string Counters = "SELECT concat_ws('|', record_count, distinct_destinations, distinct_ports, revision) FROM alerts";
        var before = await harness.ScalarAsync<string>(Counters);

        var again = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);

        Assert.All(again.Outcomes, o => Assert.Equal(RecordOutcomeKind.Redelivered, o.Kind));
        Assert.Equal(before, await harness.ScalarAsync<string>(Counters));
        Assert.Equal(50L, await harness.ScalarAsync<long>("SELECT sum(records)::bigint FROM alert_ports"));
    }

    [Fact]
    public async Task Two_instances_scoring_one_fingerprint_at_once_produce_one_alert()
    {
        await using var first = await StartAsync();
        await using var second = await first.SecondInstanceAsync();

        for (var round = 0; round < 10; round++)
        {
            var a = Flood(first, "10.0.0.77", 40);
            var b = Flood(second, "10.0.0.77", 40);
            await Task.WhenAll(
                Task.Run(() => first.Pipeline.ProcessAsync(a, CancellationToken.None)),
                Task.Run(() => second.Pipeline.ProcessAsync(b, CancellationToken.None)));
        }

        Assert.Equal("1|800", await first.ScalarAsync<string>("SELECT concat_ws('|', count(*), sum(record_count)) FROM alerts"));
    }

    private static async Task<PipelineHarness> StartAsync()
    {
        var harness = await PipelineHarness.StartAsync();
        await harness.EnableAsync(DataSourceNames.InternalKafka);
        return harness;
    }

    private static async Task ProcessAsync(PipelineHarness harness, List<KafkaRecord> batch)
    {
        var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);
        Assert.All(result.Outcomes, o => Assert.Equal(RecordOutcomeKind.Stored, o.Kind));
    }

    private List<KafkaRecord> Flood(PipelineHarness harness, string attacker, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => harness.Record(InternalTopic, _generator.NextSynFlood(DataSourceNames.InternalKafka, attacker)))];
}
