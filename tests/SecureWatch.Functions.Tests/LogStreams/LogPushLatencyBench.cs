using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SecureWatch.Core.LogStreams;
using SecureWatch.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>
/// Produce-to-browser latency of log messages at 1,000 msg/s across the seven topics, measured by a real SignalR client;
/// prints p50 / p99 and asserts nothing about time. Run by scripts/bench.sh logs, not by the test suite.
/// </summary>
public sealed class LogPushLatencyBench(ITestOutputHelper output) : IAsyncLifetime
{
    private LogStreamsTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await LogStreamsTestBed.StartAsync(LogTopics.All);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [BenchmarkFact]
    public async Task Latency_at_1000_messages_per_second_across_the_topics()
    {
        var host = _bed.Hosts[0];
        await using var client = await LogHubClient.ConnectAsync(host);
        await LogStreamsTestBed.SubscribeAsync(host, client, LogTopics.All);
        const int PerSecond = 1000;
        const int Total = 5000;
        var clock = Stopwatch.StartNew();
        var producing = Task.Run(() =>
        {
            for (var i = 0; i < Total; i++)
            {
                while (i > clock.Elapsed.TotalSeconds * PerSecond)
                {
                    Thread.Sleep(1);
                }

                var topic = LogTopics.All[i % LogTopics.All.Count];
                var data = new Dictionary<string, string> { ["sent_ms"] = clock.Elapsed.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) };
                _bed.Producer.Produce(topic, new Message<string, string> { Key = $"{i}", Value = LogStreamsTestBed.Envelope(topic, data, i) });
            }

            _bed.Producer.Flush(TimeSpan.FromSeconds(30));
        });

        var latencies = new List<double>(Total);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (latencies.Count < Total && !timeout.IsCancellationRequested)
        {
            try
            {
                var log = await client.Logs.Reader.ReadAsync(timeout.Token);
                var sent = double.Parse(log.GetProperty("envelope").GetProperty("data").GetProperty("sent_ms").GetString()!, CultureInfo.InvariantCulture);
                latencies.Add(clock.Elapsed.TotalMilliseconds - sent);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await producing;
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)(latencies.Count * 0.99)];
        output.WriteLine($"log push latency at {PerSecond} msg/s over {LogTopics.All.Count} topics: {latencies.Count}/{Total} received, "
            + $"p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms");
        Assert.Equal(Total, latencies.Count);
    }
}
