using System.Text;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Providers;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Functions.Tests.Live;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

public sealed class KafkaPipelineTests
{
    [Fact]
    public async Task A_record_from_each_source_is_stored_published_and_pushed_to_a_signalr_client()
    {
        await using var bed = await StartAsync();
        await bed.SetSourceAsync(DataSourceNames.ExternalKafka, new { is_enabled = true, config_params = new { require_signature = false } });
        await bed.SetSourceAsync(DataSourceNames.PacketCapture, new { is_enabled = true });
        await bed.WhitelistAsync("127.0.0.1");
        await WaitUntilAsync(async () => (await bed.ConsumedSourcesAsync()).Count == 3, "three consumers");
        await LiveKafka.WaitForRelayAsync(bed.Host);
        await using var client = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(bed.Host), RunningHost.ReaderKey);

        var records = new[]
        {
            bed.ProduceRecord(DataSourceNames.ExternalKafka, ExternalTopic, "127.0.0.1"),
            bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic),
            bed.ProduceRecord(DataSourceNames.PacketCapture, CaptureTopic),
        };
        bed.Flush();

        await WaitUntilAsync(async () => await bed.CountAsync() == 3, "three stored rows");
        // A record redelivered by a consumer-group rebalance has its prediction published again (at-least-once,
        // keyed by event_id); every copy must describe the one stored row.
        var published = Predictions(bed.ReadTopic(PipelineHeaders.PredictionsTopic, atLeast: 3));
        Assert.Equal(records.Select(r => r.EventId).Order(), published.Select(p => p.EventId).Distinct().Order());
        var predictions = published.GroupBy(p => p.EventId).Select(copies =>
        {
            Assert.Single(copies.Select(p => (p.TrafficId, p.Category, p.IsAttack)).Distinct());
            return copies.First();
        }).ToList();
        foreach (var record in records)
        {
            var prediction = predictions.Single(p => p.EventId == record.EventId);
            Assert.Equal(record.DataSource, prediction.DataSource);
            Assert.Equal(record.FeatureSet, prediction.FeatureSet);
            Assert.Equal(1, await bed.CountAsync(
                $"SELECT count(*) FROM traffic_data WHERE id = {prediction.TrafficId} AND event_id = '{record.EventId}' AND category = '{prediction.Category}'"));
        }

        // The same three predictions reach the browser-side client (in any order), each carrying the stored row's id.
        var pushedById = new Dictionary<Guid, System.Text.Json.JsonElement>();
        while (pushedById.Count < predictions.Count)
        {
            var arg = await client.WaitForAsync(LiveTargets.Prediction, _ => true);
            pushedById[arg.GetProperty("event_id").GetGuid()] = arg;
        }

        foreach (var prediction in predictions)
        {
            var pushed = pushedById[prediction.EventId];
            Assert.Equal(prediction.TrafficId, pushed.GetProperty("traffic_id").GetInt64());
            Assert.Equal(prediction.DataSource, pushed.GetProperty("data_source").GetString());
            Assert.Equal(prediction.IsAttack, pushed.GetProperty("is_attack").GetBoolean());
        }
    }

    [Fact]
    public async Task Each_rejected_record_lands_in_the_dead_letter_topic_with_its_reason_and_the_next_one_is_stored()
    {
        await using var bed = await StartAsync();
        await bed.SetSourceAsync(DataSourceNames.ExternalKafka, new
        {
            is_enabled = true,
            config_params = new { rate_limit_per_second = 0.001, rate_limit_burst = 1 },
        });
        await bed.WhitelistAsync("127.0.0.1", secret: "provider-secret");
        await bed.WhitelistAsync("127.0.0.2");
        await WaitUntilAsync(async () => (await bed.ConsumedSourcesAsync()).Contains(DataSourceNames.ExternalKafka), "external consumer");

        var generator = bed.Generator;
        byte[] Signed(out string signature, string sender = "127.0.0.1")
        {
            var value = TrafficRecordJson.SerializeToUtf8Bytes(generator.Next(DataSourceNames.ExternalKafka, sender));
            signature = PayloadSignature.Compute("provider-secret"u8, value);
            return value;
        }

        var valid = Signed(out var validSignature);
        var sequence = new List<(byte[] Value, (string, string)[] Headers, string Expect)>
        {
            ("{oops"u8.ToArray(), [(PipelineHeaders.SenderIp, "127.0.0.1")], RejectReasons.NotJson),
            ("""{"schema":"securewatch.traffic.v1"}"""u8.ToArray(), [(PipelineHeaders.SenderIp, "127.0.0.1")], RejectReasons.SchemaInvalid),
            (new byte[100_000], [(PipelineHeaders.SenderIp, "127.0.0.1")], RejectReasons.Oversized),
            (Signed(out _, "10.9.9.9"), [(PipelineHeaders.SenderIp, "10.9.9.9")], RejectReasons.NotWhitelisted),
            (Signed(out var s1), [(PipelineHeaders.SenderIp, "127.0.0.2"), (PipelineHeaders.Signature, s1)], RejectReasons.SenderMismatch),
            (Signed(out _), [(PipelineHeaders.SenderIp, "127.0.0.1"), (PipelineHeaders.Signature, new string('0', 64))], RejectReasons.BadSignature),
            (valid, [(PipelineHeaders.SenderIp, "127.0.0.1"), (PipelineHeaders.Signature, validSignature)], "stored"),
            (Signed(out var s2), [(PipelineHeaders.SenderIp, "127.0.0.1"), (PipelineHeaders.Signature, s2)], RejectReasons.RateLimited),
        };
        foreach (var (value, headers, _) in sequence)
        {
            bed.Produce(ExternalTopic, value, headers);
        }

        bed.ProduceRecord(DataSourceNames.PacketCapture, CaptureTopic);
        bed.Flush();

        var dead = bed.ReadTopic(ExternalTopic + ".dlq", atLeast: sequence.Count - 1);
        var reasons = dead.Select(r => Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(PipelineHeaders.ErrorReason))).Order().ToList();
        Assert.Equal(sequence.Where(s => s.Expect != "stored").Select(s => s.Expect).Order().ToList(), reasons);
        foreach (var letter in dead)
        {
            var original = sequence.Single(s => s.Value.AsSpan().SequenceEqual(letter.Message.Value));
            Assert.Equal(ExternalTopic, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(PipelineHeaders.OriginalTopic)));
            Assert.NotEmpty(letter.Message.Headers.GetLastBytes(PipelineHeaders.ErrorMessage));
            Assert.True(long.TryParse(Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(PipelineHeaders.OriginalOffset)), out _));
            Assert.Equal(original.Headers[0].Item2, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(PipelineHeaders.SenderIp)));
        }

        // Captured traffic is disabled by default: a record already on its topic is never consumed, so never dead-lettered.
        Assert.Equal(1, await bed.CountAsync());
        var health = await bed.HealthAsync();
        Assert.Equal(1, health.GetProperty("kafka").GetProperty("dead_letters").GetProperty(RejectReasons.RateLimited).GetInt64());
    }

    [Fact]
    public async Task The_produce_command_acts_as_a_signing_provider_whose_records_are_stored()
    {
        await using var bed = await StartAsync();
        await bed.SetSourceAsync(DataSourceNames.ExternalKafka, new { is_enabled = true, config_params = new { require_signature = true } });
        await bed.WhitelistAsync("127.0.0.1", secret: "produce-command-secret");

        var (exitCode, _, error) = await Cli.CommandRunner.RunAsync(
            "produce", "--bootstrap", bed.Cluster.BootstrapServers, "--topic", ExternalTopic, "--rate", "500", "--count", "25",
            "--sender-ip", "127.0.0.1", "--secret", "produce-command-secret");

        Assert.Equal(0, exitCode);
        Assert.Contains("produced 25 records", error, StringComparison.Ordinal);
        await WaitUntilAsync(async () => await bed.CountAsync("SELECT count(*) FROM traffic_data WHERE host(sender_ip) = '127.0.0.1'") == 25, "25 signed records");
        Assert.Equal(0, (await bed.HealthAsync()).GetProperty("kafka").GetProperty("dead_letters").GetProperty(RejectReasons.BadSignature).GetInt64());
    }

    [Fact]
    public async Task A_source_toggled_off_is_not_consumed_and_toggled_on_again_is()
    {
        await using var bed = await StartAsync();
        bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        bed.Flush();
        await WaitUntilAsync(async () => await bed.CountAsync() == 1, "the first record");

        await bed.SetSourceAsync(DataSourceNames.InternalKafka, new { is_enabled = false });
        await WaitUntilAsync(async () => !(await bed.ConsumedSourcesAsync()).Contains(DataSourceNames.InternalKafka), "the consumer to stop");
        for (var i = 0; i < 5; i++)
        {
            bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        }

        bed.Flush();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await bed.CountAsync());
        Assert.Empty(bed.ReadTopic(InternalTopic + ".dlq", atLeast: 0));

        await bed.SetSourceAsync(DataSourceNames.InternalKafka, new { is_enabled = true });
        await WaitUntilAsync(async () => await bed.CountAsync() == 6, "the records produced while off");
    }

    [Fact]
    public async Task Changing_a_source_topic_resubscribes_the_consumer()
    {
        await using var bed = await StartAsync();
        await bed.SetSourceAsync(DataSourceNames.InternalKafka, new { config_params = new { topic = "collectors-v2" } });
        await WaitUntilAsync(
            async () => (await bed.HealthAsync()).GetProperty("kafka").GetProperty("consumers").EnumerateArray()
                .Any(c => c.GetProperty("topic").GetString() == "collectors-v2" && c.GetProperty("state").GetString() == "running"),
            "a consumer on the new topic");

        bed.ProduceRecord(DataSourceNames.InternalKafka, "collectors-v2");
        bed.Flush();

        await WaitUntilAsync(async () => await bed.CountAsync("SELECT count(*) FROM traffic_data WHERE kafka_topic = 'collectors-v2'") == 1, "the record on the new topic");
    }
}
