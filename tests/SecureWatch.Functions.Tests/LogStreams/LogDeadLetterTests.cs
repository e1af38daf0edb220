using System.Diagnostics;
using System.Text;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>Malformed log messages and the source switch: dead letters, counts, and stopping within 2 s.</summary>
public sealed class LogDeadLetterTests : IAsyncLifetime
{
    private LogStreamsTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await LogStreamsTestBed.StartAsync(["webserver", "netflow"]);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Malformed_messages_reach_the_topics_dead_letter_queue_with_the_traffic_headers_and_reasons()
    {
        var oversized = LogStreamsTestBed.Envelope("webserver", new Dictionary<string, string> { ["pad"] = new string('x', LogEnvelopeParser.MaxBytes) });
        var cases = new (string Value, string Reason)[]
        {
            ("this is not json", RejectReasons.NotJson),
            ("""{"log_type": "webserver", "topic": "webserver", "data": "not an object"}""", RejectReasons.SchemaInvalid),
            ("""{"topic": "webserver", "data": {}}""", RejectReasons.SchemaInvalid),
            (oversized, RejectReasons.Oversized),
        };
        foreach (var (value, _) in cases)
        {
            await _bed.ProduceAsync("webserver", value, key: "k");
        }

        var dead = _bed.ReadAll("webserver.dlq", cases.Length);
        Assert.Equal(cases.Length, dead.Count);
        var byValue = dead.ToDictionary(d => d.Message.Value);
        foreach (var (value, reason) in cases)
        {
            var letter = byValue[value];
            Assert.Equal(reason, Header(letter, PipelineHeaders.ErrorReason));
            Assert.Equal("webserver", Header(letter, PipelineHeaders.OriginalTopic));
            Assert.NotNull(Header(letter, PipelineHeaders.OriginalOffset));
            Assert.NotNull(Header(letter, PipelineHeaders.ErrorMessage));
            Assert.Equal("k", letter.Message.Key);
        }

        var logs = await LogStreamsTestBed.WaitForLogsAsync(_bed.Hosts[0],
            l => l.GetProperty("dead_letters").GetProperty(RejectReasons.SchemaInvalid).GetInt64() == 2, "two schema-invalid dead letters counted");
        Assert.Equal(1, logs.GetProperty("dead_letters").GetProperty(RejectReasons.NotJson).GetInt64());
        Assert.Equal(1, logs.GetProperty("dead_letters").GetProperty(RejectReasons.Oversized).GetInt64());
        var webserver = logs.GetProperty("pushed").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "webserver");
        Assert.Equal(4, webserver.GetProperty("invalid_total").GetInt64());
    }

    [Fact]
    public async Task Disabling_the_source_stops_consumption_within_two_seconds_and_enabling_resumes_it()
    {
        var host = _bed.Hosts[0];
        var clock = Stopwatch.StartNew();
        await _bed.ConfigureAsync(["webserver", "netflow"], enabled: false);
        await LogStreamsTestBed.WaitForLogsAsync(host, l => l.GetProperty("status").GetString() == "off", "off", TimeSpan.FromSeconds(2));
        var stopped = clock.Elapsed;
        Assert.True(stopped < TimeSpan.FromSeconds(2), $"stopped after {stopped}");

        await using var client = await LogHubClient.ConnectAsync(host);
        await _bed.ConfigureAsync(["netflow"], enabled: true);
        await LogStreamsTestBed.WaitForLogsAsync(host, l => LogStreamsTestBed.IsRunning(l) && l.GetProperty("topics").GetArrayLength() == 1, "running on netflow only");
        await LogStreamsTestBed.SubscribeAsync(host, client, ["netflow"]);
        await _bed.ProduceAsync("netflow", LogStreamsTestBed.Envelope("netflow", new Dictionary<string, string> { ["src_ip"] = "10.0.0.9" }));
        var log = await client.NextLogAsync();
        Assert.Equal("netflow", log.GetProperty("topic").GetString());
    }

    private static string? Header(Confluent.Kafka.ConsumeResult<string, string> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
