using System.Diagnostics;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>
/// Notes when each prediction reaches the predictions topic, from a consumer group of its own, so the end-to-end
/// latency can be split into scoring (produce to topic) and live push (topic to client).
/// </summary>
public sealed class PredictionsTopicListener : IDisposable
{
    private readonly IConsumer<Ignore, byte[]> consumer;
    private readonly LatencyRecorder recorder;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private int foreignSeen;

    public PredictionsTopicListener(string bootstrap, LatencyRecorder recorder)
    {
        this.recorder = recorder;
        consumer = new KafkaClientFactory(new KafkaOptions { BootstrapServers = bootstrap, ClientId = "securewatch-bench" })
            .CreateConsumerBuilder<Ignore, byte[]>($"securewatch-bench-latency-{Guid.NewGuid():N}", config =>
            {
                config.AutoOffsetReset = AutoOffsetReset.Latest;
                config.EnableAutoCommit = false;
                // Answer as soon as a message is there: the time measured is arrival on the topic, not our polling.
                config.FetchWaitMaxMs = 5;
            })
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Subscribe(PipelineHeaders.PredictionsTopic);
        thread = new Thread(Listen) { IsBackground = true, Name = "predictions-topic-listener" };
        thread.Start();
    }

    /// <summary>Whether a prediction that is not part of the measured run (a readiness probe) has been seen.</summary>
    public bool SawProbe => Volatile.Read(ref foreignSeen) != 0;

    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        consumer.Close();
        consumer.Dispose();
        stop.Dispose();
    }

    private void Listen()
    {
        while (!stop.IsCancellationRequested)
        {
            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue;
            }

            var arrivedAt = Stopwatch.GetTimestamp();
            if (result?.Message?.Value is { } value
                && PredictionInvocation.TryReadTopicEventId(value, out var eventId)
                && !recorder.MarkOnTopic(eventId, arrivedAt))
            {
                Volatile.Write(ref foreignSeen, 1);
            }
        }
    }
}
