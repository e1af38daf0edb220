using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Kafka;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Publishes records to Kafka through one idempotent producer (acks=all). The capture loop writes the record into
/// the Kafka message (the only allocation per record) and enqueues it; a publisher thread produces, so a slow or
/// absent broker never stalls packet processing. When the
/// queue is full the record is dropped and counted. During a broker outage librdkafka holds the backlog (bounded by
/// <see cref="KafkaOutputOptions.BacklogMessages"/>) and delivers it when a broker returns; while that backlog is
/// full the publisher waits, the queue fills, and further records are dropped at the queue.
/// </summary>
internal sealed class KafkaTrafficRecordSink : IRecordOutput
{
    private static readonly TimeSpan RoomWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RepeatedErrorInterval = TimeSpan.FromSeconds(30);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly MessageHandOff<Message<byte[], byte[]>> _queue = new();
    private readonly KafkaRecordMessageWriter _messages = new();

    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private readonly Thread _publisher;
    private readonly TextWriter _log;
    private readonly TimeSpan _flushTimeout;
    private readonly Lock _errorLock = new();
    private volatile string _topic;
    private volatile int _capacity;
    private long _queued;
    private long _enqueued;
    private long _dropped;
    private long _delivered;
    private long _failed;
    private long _giveUpAt = long.MaxValue;
    private ErrorCode _lastError = ErrorCode.NoError;
    private long _lastErrorAt;
    private KafkaPublishCounters? _final;

    public KafkaTrafficRecordSink(KafkaClientFactory clients, KafkaOutputOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _topic = options.Topic;
        _capacity = options.QueueCapacity;
        _flushTimeout = options.FlushTimeout;
        _log = log;
        _onDelivery = OnDelivery;
        _producer = clients.CreateProducerBuilder<byte[], byte[]>(config =>
            {
                config.ClientId = $"{clients.Options.ClientId}-capture";
                config.QueueBufferingMaxMessages = options.BacklogMessages;
                config.MessageTimeoutMs = (int)Math.Min(int.MaxValue, options.MessageTimeout.TotalMilliseconds);
                config.ReconnectBackoffMaxMs = 2_000;
            })
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) =>
            {
                // Connection failures arrive as errors too; only librdkafka's severe messages are worth a line.
                if (message.Level <= SyslogLevel.Critical)
                {
                    log.WriteLine($"securewatch-capture: kafka: {message.Message}");
                }
            })
            .Build();
        _publisher = new Thread(PublishLoop) { IsBackground = true, Name = "kafka-publisher" };
        _publisher.Start();
    }

    /// <summary>The topic records go to from now on; a change applies to the next record handed to Kafka.</summary>
    public string Topic
    {
        get => _topic;
        set => _topic = value;
    }

    /// <summary>Bound of the queue between capture and publisher; can change while running.</summary>
    public int QueueCapacity
    {
        get => _capacity;
        set => _capacity = Math.Max(1, value);
    }

    public KafkaPublishCounters? Counters => _final ?? Snapshot(undelivered: null);

    public void Publish(in CompletedConnection connection, in KddFeatureVector features)
    {
        // Counted before the record is written: a full queue drops it without the cost of serialising it.
        if (Interlocked.Increment(ref _queued) > _capacity || !_queue.TryAdd(_messages.Create(connection, features)))
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }

        Interlocked.Increment(ref _enqueued);
    }

    /// <summary>Records are handed over continuously by the publisher thread; nothing to do here.</summary>
    public void FlushBuffered()
    {
    }

    /// <summary>Waits, up to the flush timeout, until every record enqueued so far is delivered or failed.</summary>
    public void Flush()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_flushTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref _queued) > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(RoomWait);
        }

        _producer.Flush(Remaining(deadline));
    }

    public void Complete()
    {
        if (_final is not null)
        {
            return;
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(_flushTimeout.TotalSeconds * Stopwatch.Frequency);
        var pending = Snapshot(undelivered: null).Pending;
        if (pending > 0)
        {
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"securewatch-capture: delivering {pending} pending records to Kafka (flush timeout {_flushTimeout.TotalSeconds} s)"));
        }

        Volatile.Write(ref _giveUpAt, deadline);
        _queue.Complete();
        _publisher.Join(Remaining(deadline));
        _producer.Flush(Remaining(deadline));
        var final = Snapshot(undelivered: null);
        _final = final with { Undelivered = final.Pending };
        if (_final.Undelivered > 0)
        {
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"securewatch-capture: {_final.Undelivered} records could not be delivered to Kafka topic {_final.Topic} within the flush timeout; they are lost"));
        }
    }

    public void Dispose()
    {
        Complete();
        _producer.Dispose();
        _messages.Dispose();
        _queue.Dispose();
    }

    private static TimeSpan Remaining(long deadline) =>
        TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    private KafkaPublishCounters Snapshot(long? undelivered)
    {
        var delivered = Interlocked.Read(ref _delivered);
        var failed = Interlocked.Read(ref _failed);
        var enqueued = Interlocked.Read(ref _enqueued);
        return new KafkaPublishCounters
        {
            Topic = _topic,
            Enqueued = enqueued,
            Delivered = delivered,
            Dropped = Interlocked.Read(ref _dropped),
            Failed = failed,
            Pending = Math.Max(0, enqueued - delivered - failed),
            Undelivered = undelivered,
        };
    }

    private void PublishLoop()
    {
        while (_queue.Take() is { } message)
        {
            var handedOver = Produce(message);
            Interlocked.Decrement(ref _queued);
            if (!handedOver)
            {
                return;
            }
        }
    }

    /// <summary>Hands one record to librdkafka, waiting while its backlog is full; false once shutdown gave up.</summary>
    private bool Produce(Message<byte[], byte[]> message)
    {
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message, _onDelivery);
                return true;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                if (Stopwatch.GetTimestamp() >= Volatile.Read(ref _giveUpAt))
                {
                    return false;
                }

                Thread.Sleep(RoomWait);
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                Interlocked.Increment(ref _failed);
                OnError(e.Error);
                return true;
            }
        }
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            OnError(report.Error);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }

    /// <summary>Logs an error once, and again only if it persists: an outage repeats the same error many times a second.</summary>
    private void OnError(Error error)
    {
        lock (_errorLock)
        {
            var now = Stopwatch.GetTimestamp();
            if (error.Code == _lastError && Stopwatch.GetElapsedTime(_lastErrorAt, now) < RepeatedErrorInterval)
            {
                return;
            }

            _lastError = error.Code;
            _lastErrorAt = now;
        }

        var pending = Snapshot(undelivered: null).Pending;
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"securewatch-capture: kafka {(error.IsFatal ? "fatal error" : "error")}: {error.Reason} ({error.Code}); {pending} records pending"));
    }
}
