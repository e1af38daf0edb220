using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Confluent.Kafka;
using SecureWatch.Benchmarks.Pipeline;
using SecureWatch.Functions.Live;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>
/// One latency measurement against the real host: records are produced to the internal source's topic at a steady
/// rate, and each is timed from just before Produce to the moment its "prediction" invocation is read by a SignalR
/// client of the live hub (and, optionally, to its arrival on the predictions topic).
/// </summary>
public sealed class LatencyRun(LatencySettings settings, TextWriter output)
{
    private const string TrafficTopic = "network-traffic";

    private static readonly TimeSpan Readiness = TimeSpan.FromSeconds(90);

    private readonly LatencyRecorder _recorder = new(settings.TotalMessages);
    private int _probesSeen;

    /// <param name="server">Npgsql connection string of the benchmark PostgreSQL server.</param>
    /// <returns>The process exit code: 0 when predictions arrived, 1 when none did.</returns>
    public async Task<int> RunAsync(string server, CancellationToken cancellationToken)
    {
        output.WriteLine("Starting the host (embedded Kafka, fresh database)...");
        using var host = BenchPipelineHost.Start(server);
        var relay = host.GetRequiredService<PredictionRelayStatus>();
        await WaitUntilAsync(() => relay.Snapshot().Status == "up", "the live relay to join its group", cancellationToken);

        await using var client = await SignalRJsonClient.ConnectAsync(
            new Uri(host.Address, "/api"), BenchPipelineHost.ReaderKey, OnInvocation, cancellationToken);
        using var listener = settings.MeasureTopic ? new PredictionsTopicListener(host.KafkaBootstrap, _recorder) : null;
        using var producer = host.CreateProducer(settings.LingerMs);
        var templates = new BenchTrafficTemplates(2048, seed: 9);

        // The pipeline's consumer joins its group in the background; until a probe comes back the path is not complete.
        await WaitUntilAsync(
            () =>
            {
                producer.Produce(TrafficTopic, new Message<byte[]?, byte[]> { Value = templates.WithEventId(0, Guid.NewGuid()) });
                return Volatile.Read(ref _probesSeen) != 0 && (listener?.SawProbe ?? true);
            },
            "a probe record to reach the hub client",
            cancellationToken);

        var relayedBefore = relay.Snapshot();
        var storedBefore = host.Counters.Stored;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Producing {settings.Rate:F0}/s for {settings.Warmup} s warmup + {settings.Seconds} s measured..."));
        var behindSchedule = await Task.Factory.StartNew(
            () => ProducePaced(producer, templates), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        producer.Flush(TimeSpan.FromSeconds(30));
        await DrainAsync(listener, cancellationToken);
        if (client.Receiving.IsCompleted)
        {
            output.WriteLine("warning: the hub connection ended during the run");
        }

        var relayedAfter = relay.Snapshot();
        Report(behindSchedule, relayedAfter.Dropped - relayedBefore.Dropped, host.Counters.Stored - storedBefore);
        return _recorder.ReceivedCount > 0 ? 0 : 1;
    }

    private void OnInvocation(ReadOnlySpan<byte> invocation, long receivedTimestamp)
    {
        if (PredictionInvocation.TryReadEventId(invocation, out var eventId) && !_recorder.MarkReceived(eventId, receivedTimestamp))
        {
            Volatile.Write(ref _probesSeen, 1);
        }
    }

    /// <summary>
    /// Sends every message as soon as it is owed by the schedule (message i at i / rate seconds after the start),
    /// sleeping about a millisecond between rounds: a steady rate without spinning a core the host needs.
    /// </summary>
    /// <returns>How far, at worst, a send lagged its scheduled time (Stopwatch ticks).</returns>
    private long ProducePaced(IProducer<byte[]?, byte[]> producer, BenchTrafficTemplates templates)
    {
        var total = settings.TotalMessages;
        var ticksPerMessage = Stopwatch.Frequency / settings.Rate;
        var message = new Message<byte[]?, byte[]> { Value = [] };
        var start = Stopwatch.GetTimestamp();
        long behind = 0;
        var next = 0;
        while (next < total)
        {
            var owed = (int)Math.Min(total, ((Stopwatch.GetTimestamp() - start) / ticksPerMessage) + 1);
            for (; next < owed; next++)
            {
                message.Value = templates.WithEventId(next, _recorder.EventId(next));
                var sentAt = Stopwatch.GetTimestamp();
                _recorder.MarkSent(next, sentAt);
                Produce(producer, message);
                behind = Math.Max(behind, sentAt - start - (long)(next * ticksPerMessage));
            }

            Thread.Sleep(1);
        }

        return behind;
    }

    private static void Produce(IProducer<byte[]?, byte[]> producer, Message<byte[]?, byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(TrafficTopic, message);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The broker is behind; the wait shows up as latency of this message, which is the truth.
                producer.Poll(TimeSpan.FromMilliseconds(1));
            }
        }
    }

    /// <summary>Waits for the last predictions, until all have arrived or none has for the drain period.</summary>
    private async Task DrainAsync(PredictionsTopicListener? listener, CancellationToken cancellationToken)
    {
        var total = settings.TotalMessages;
        var progress = Stopwatch.StartNew();
        var last = -1L;
        while (progress.Elapsed < TimeSpan.FromSeconds(settings.Drain))
        {
            var arrived = _recorder.ReceivedCount + (long)_recorder.OnTopicCount;
            if (_recorder.ReceivedCount == total && (listener is null || _recorder.OnTopicCount == total))
            {
                return;
            }

            if (arrived != last)
            {
                last = arrived;
                progress.Restart();
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private void Report(long behindScheduleTicks, long relayDropped, long stored)
    {
        var measured = settings.WarmupMessages..settings.TotalMessages;
        var sent = _recorder.Sent;
        var (first, length) = measured.GetOffsetAndLength(sent.Length);
        var sendSeconds = (sent[first + length - 1] - sent[first]) / (double)Stopwatch.Frequency;
        var endToEnd = LatencySummary.Compute(sent, _recorder.Received, measured);
        output.WriteLine();
        output.WriteLine("SecureWatch live latency: produce to 'network-traffic' until the SignalR client reads the 'prediction'");
        var gc = GCSettings.IsServerGC ? "server" : "workstation";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} logical cores, {gc} GC; host, embedded Kafka, producer and client in this process"));
        var behindMs = behindScheduleTicks * 1000.0 / Stopwatch.Frequency;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target {settings.Rate:F0}/s for {settings.Seconds} s after {settings.Warmup} s warmup, linger {settings.LingerMs} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {length} at {(length - 1) / sendSeconds:F1}/s; the latest send was {behindMs:F1} ms behind its schedule"));
        output.WriteLine(endToEnd.Describe("produce -> SignalR client"));
        if (settings.MeasureTopic)
        {
            output.WriteLine(LatencySummary.Compute(sent, _recorder.OnTopic, measured).Describe("produce -> predictions topic"));
            output.WriteLine(LatencySummary.Compute(_recorder.OnTopic, _recorder.Received, measured).Describe("predictions topic -> SignalR client"));
        }

        output.WriteLine($"host during the run: stored {stored}, relay dropped {relayDropped} (its push queue overflowed)");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Readiness)
            {
                throw new TimeoutException($"gave up waiting {Readiness.TotalSeconds} s for {what}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
