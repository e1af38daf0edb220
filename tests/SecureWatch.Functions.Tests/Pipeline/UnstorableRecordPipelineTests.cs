using System.Net;
using System.Text;
using System.Text.Json;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

/// <summary>A record PostgreSQL refuses never stops its source; a source that cannot store at all says so in health.</summary>
public sealed class UnstorableRecordPipelineTests
{
    [Fact]
    public async Task A_record_postgresql_refuses_is_dead_lettered_as_unstorable_and_its_source_keeps_storing()
    {
        await using var bed = await StartAsync();
        await WaitUntilAsync(async () => (await bed.ConsumedSourcesAsync()).Contains(DataSourceNames.InternalKafka), "internal consumer");

        // Stands for any value that passes the contract but not a column type or constraint.
        await ExecuteAsync(bed, "ALTER TABLE traffic_data ADD CONSTRAINT test_refused_service CHECK (features->>'service' <> 'refused_here')");
        var refused = bed.Generator.Next(DataSourceNames.InternalKafka, null);
        refused = refused with { Features = new Dictionary<string, TrafficFeatureValue>(refused.Features, StringComparer.Ordinal) { ["service"] = "refused_here" } };
        for (var i = 0; i < 20; i++)
        {
            bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        }

        bed.Produce(InternalTopic, TrafficRecordJson.SerializeToUtf8Bytes(refused));
        for (var i = 0; i < 20; i++)
        {
            bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        }

        bed.Flush();

        await WaitUntilAsync(async () => await bed.CountAsync() == 40, "the 40 storable records");
        var letter = Assert.Single(bed.ReadTopic(PipelineHeaders.DeadLetterTopic(InternalTopic), atLeast: 1));
        Assert.Equal(RejectReasons.Unstorable, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(PipelineHeaders.ErrorReason)));
        Assert.Contains("test_refused_service", Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(PipelineHeaders.ErrorMessage)), StringComparison.Ordinal);

        bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        bed.Flush();
        await WaitUntilAsync(async () => await bed.CountAsync() == 41, "a record produced afterwards");
        var (status, health) = await HealthWithStatusAsync(bed);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, health.GetProperty("kafka").GetProperty("dead_letters").GetProperty(RejectReasons.Unstorable).GetInt64());
    }

    [Fact]
    public async Task A_source_that_cannot_store_is_degraded_in_health_with_the_error_and_since_when_until_it_recovers()
    {
        await using var bed = await StartAsync();
        await WaitUntilAsync(async () => (await bed.ConsumedSourcesAsync()).Contains(DataSourceNames.InternalKafka), "internal consumer");

        // The database answers (health's own probe succeeds) but the pipeline cannot store: not a record's fault.
        await ExecuteAsync(bed, "ALTER TABLE traffic_ingest_keys RENAME TO traffic_ingest_keys_away");
        try
        {
            bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
            bed.Flush();
            await WaitUntilAsync(async () => (await HealthWithStatusAsync(bed)).Status == HttpStatusCode.ServiceUnavailable, "health to turn 503");

            var (_, health) = await HealthWithStatusAsync(bed);
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Equal("up", health.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("degraded", health.GetProperty("kafka").GetProperty("status").GetString());
            var consumer = health.GetProperty("kafka").GetProperty("consumers").EnumerateArray()
                .Single(c => c.GetProperty("source").GetString() == DataSourceNames.InternalKafka);
            Assert.Equal("degraded", consumer.GetProperty("status").GetString());
            Assert.Contains("traffic_ingest_keys", consumer.GetProperty("last_error").GetString(), StringComparison.Ordinal);
            Assert.True(consumer.GetProperty("retrying_since").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
            Assert.Equal(0, await bed.CountAsync());
        }
        finally
        {
            await ExecuteAsync(bed, "ALTER TABLE traffic_ingest_keys_away RENAME TO traffic_ingest_keys");
        }

        await WaitUntilAsync(async () => await bed.CountAsync() == 1, "the retried batch");
        await WaitUntilAsync(async () => (await HealthWithStatusAsync(bed)).Status == HttpStatusCode.OK, "health to recover");
        var (_, recovered) = await HealthWithStatusAsync(bed);
        Assert.Equal("up", recovered.GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthWithStatusAsync(PipelineTestBed bed)
    {
        using var client = bed.Host.CreateClient(RunningHost.ReaderKey);
        using var response = await client.GetAsync("/api/v1/health");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task ExecuteAsync(PipelineTestBed bed, string sql)
    {
        await using var command = bed.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
