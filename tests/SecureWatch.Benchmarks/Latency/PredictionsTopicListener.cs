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
    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly LatencyRecorder _recorder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _foreignSeen;

    public PredictionsTopicListener(string bootstrap, LatencyRecorder recorder)
    {
        _recorder = recorder;
        _consumer = new KafkaClientFactory(new KafkaOptions { BootstrapServers = bootstrap, ClientId = "securewatch-bench" })
            .CreateConsumerBuilder<Ignore, byte[]>($"securewatch-bench-latency-{Guid.NewGuid():N}", config =>
            {
                config.AutoOffsetReset = AutoOffsetReset.Latest;
                config.EnableAutoCommit = false;
                // Answer as soon as a message is there: the time measured is arrival on the topic, not our polling.
                config.FetchWaitMaxMs = 5;
            })
            .SetLogHandler((_, _) => { })
            .Build();
        _consumer.Subscribe(PipelineHeaders.PredictionsTopic);
        _thread = new Thread(Listen) { IsBackground = true, Name = "predictions-topic-listener" };
        _thread.Start();
    }

    /// <summary>Whether a prediction that is not part of the measured run (a readiness probe) has been seen.</summary>
    public bool SawProbe => Volatile.Read(ref _foreignSeen) != 0;

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Listen()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue;
            }

            var arrivedAt = Stopwatch.GetTimestamp();
            if (result?.Message?.Value is { } value
                && PredictionInvocation.TryReadTopicEventId(value, out var eventId)
                && !_recorder.MarkOnTopic(eventId, arrivedAt))
            {
                Volatile.Write(ref _foreignSeen, 1);
            }
        }
    }
}
