using Confluent.Kafka;
using Npgsql;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Pipeline;
using SecureWatch.Testing;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

/// <summary>Crashes and outages: every record is stored exactly once and published at least once, whatever happens.</summary>
public sealed class KafkaPipelineResilienceTests
{
    [Fact]
    public async Task After_a_crash_mid_stream_the_restarted_host_stores_every_record_exactly_once()
    {
        const int total = 3000;
        await using var bed = await StartAsync();
        var produced = ProduceInternal(bed, total);

        await WaitUntilAsync(async () => await bed.CountAsync() > 0, "the first stored batch");
        await bed.RestartHostAsync(crash: true);

        await WaitUntilAsync(async () => await bed.CountAsync() >= total, "every record after the restart");
        await AssertExactlyOnceAsync(bed, produced);
    }

    [Fact]
    public async Task Records_produced_while_every_broker_is_down_for_10_seconds_are_all_stored_afterwards()
    {
        const int before = 200;
        const int during = 300;
        await using var bed = await StartAsync();
        var produced = ProduceInternal(bed, before);
        await WaitUntilAsync(async () => await bed.CountAsync() == before, "the records before the outage");

        ChildProcessGate.SetAllBrokersDown(bed.Cluster);
        produced.AddRange(ProduceInternal(bed, during, flush: false));
        await Task.Delay(TimeSpan.FromSeconds(10));
        bed.Cluster.SetAllBrokersUp();
        bed.Flush();

        await WaitUntilAsync(async () => await bed.CountAsync() >= before + during, "the records produced during the outage");
        await AssertExactlyOnceAsync(bed, produced);
    }

    [Fact]
    public async Task While_PostgreSQL_refuses_connections_no_offset_is_committed_past_an_unstored_record()
    {
        const int before = 300;
        const int during = 300;
        await using var bed = await StartAsync();
        var produced = ProduceInternal(bed, before);
        await WaitUntilAsync(async () => await bed.CountAsync() == before, "the records before the outage");

        // A connection opened before the outage survives it and lets the test look inside while the host cannot.
        await using var observer = new NpgsqlConnection(bed.Database.ConnectionString);
        await observer.OpenAsync();
        await using var server = new NpgsqlConnection(TestDatabase.ServerConnectionString);
        await server.OpenAsync();
        await ExecuteAsync(server, $"ALTER DATABASE {bed.Database.Name} ALLOW_CONNECTIONS false");
        await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{bed.Database.Name}' AND pid <> {observer.ProcessID}");
        try
        {
            produced.AddRange(ProduceInternal(bed, during));
            await WaitUntilAsync(
                async () => (await bed.HealthAsync()).GetProperty("kafka").GetProperty("consumers").EnumerateArray()
                    .Any(c => c.GetProperty("state").GetString() == "retrying"),
                "the consumer to report that it is retrying");

            // Give the background auto-commit time to send whatever was stored: it must have nothing beyond the stored rows.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var committed = CommittedOffsets(bed, InternalTopic);
            foreach (var (partition, offset) in committed)
            {
                var storedBelow = await ScalarAsync(observer,
                    $"SELECT count(*) FROM traffic_data WHERE kafka_topic = '{InternalTopic}' AND kafka_partition = {partition} AND kafka_offset < {offset}");
                Assert.Equal(offset, storedBelow);
            }

            Assert.Equal(before, await ScalarAsync(observer, "SELECT count(*) FROM traffic_data"));
        }
        finally
        {
            await ExecuteAsync(server, $"ALTER DATABASE {bed.Database.Name} ALLOW_CONNECTIONS true");
        }

        await WaitUntilAsync(async () => await bed.CountAsync() >= before + during, "the records produced during the outage");
        await AssertExactlyOnceAsync(bed, produced);
    }

    private static List<Guid> ProduceInternal(PipelineTestBed bed, int count, bool flush = true)
    {
        var ids = Enumerable.Range(0, count)
            .Select(_ => bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic).EventId)
            .ToList();
        if (flush)
        {
            bed.Flush();
        }

        return ids;
    }

    private static async Task AssertExactlyOnceAsync(PipelineTestBed bed, List<Guid> produced)
    {
        Assert.Equal(produced.Count, await bed.CountAsync());
        Assert.Equal(produced.Count, await bed.CountAsync("SELECT count(DISTINCT event_id) FROM traffic_data"));
        var published = Predictions(bed.ReadTopic(PipelineHeaders.PredictionsTopic, produced.Count)).Select(p => p.EventId).ToHashSet();
        Assert.DoesNotContain(produced, id => !published.Contains(id));
    }

    private static Dictionary<int, long> CommittedOffsets(PipelineTestBed bed, string topic)
    {
        using var group = bed.Clients.CreateConsumerBuilder<byte[], byte[]>(SourceConsumer.GroupId).Build();
        return group.Committed(Enumerable.Range(0, 4).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .Where(o => o.Offset.Value >= 0)
            .ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
