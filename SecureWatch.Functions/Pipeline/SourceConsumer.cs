using System.Diagnostics;
using Confluent.Kafka;
using Npgsql;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Apis;

namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// The Kafka consumer of one data source (group <c>securewatch</c>): fetches batches, runs them through the
/// pipeline until stored, publishes the results, and only then stores the offsets (at-least-once). A batch that
/// cannot be stored (PostgreSQL down) is retried as it is, never skipped.
/// </summary>
public sealed partial class SourceConsumer : IAsyncDisposable
{
    public const string GroupId = "securewatch";

    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly TrafficPipeline _pipeline;
    private readonly KafkaPublisher _publisher;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string _state = "starting";
    private volatile string? _lastError;
    private long _batches;
    private long _records;
    private long _lastBatchTicks;
    private long _retryingSinceTicks;
    private volatile bool _abandon;
    private volatile bool _failed;

    public SourceConsumer(
        SourceSettings source, KafkaClientFactory clients, TrafficPipeline pipeline, KafkaPublisher publisher,
        PipelineOptions options, ILogger logger)
    {
        Source = source;
        _pipeline = pipeline;
        _publisher = publisher;
        _options = options;
        _logger = logger;
        _consumer = clients.CreateConsumerBuilder<byte[]?, byte[]?>(GroupId, config =>
            {
                config.SessionTimeoutMs = (int)options.ConsumerSessionTimeout.TotalMilliseconds;
                config.HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs.Value / 6);
                config.AutoCommitIntervalMs = 500;
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 1000;
                config.ClientId = $"{clients.Options.ClientId}-{source.Name}";
            })
            .SetErrorHandler((_, error) => OnError(error))
            .Build();
        _consumer.Subscribe(source.Topic);
        _loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    public SourceSettings Source { get; }

    /// <summary>A fatal client error; the consumer has stopped and the host reports it in health.</summary>
    public Error? FatalError { get; private set; }

    public ConsumerStatus Status
    {
        get
        {
            var current = _state;
            var retryingSince = Interlocked.Read(ref _retryingSinceTicks) is var since and > 0 ? new DateTimeOffset(since, TimeSpan.Zero) : (DateTimeOffset?)null;
            return new(
                Source.Name,
                Source.Topic,
                current,
                current == "failed" ? HealthStatus.Down : retryingSince is not null ? HealthStatus.Degraded : HealthStatus.Up,
                Interlocked.Read(ref _batches),
                Interlocked.Read(ref _records),
                Interlocked.Read(ref _lastBatchTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
                _lastError,
                retryingSince);
        }
    }

    /// <summary>Stops after the batch in progress (stored, published, offsets stored) and leaves the group cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>
    /// Stops as a crash would: the batch in progress is neither published nor acknowledged, and the consumer leaves
    /// without committing or saying goodbye to the group.
    /// </summary>
    public async ValueTask AbandonAsync()
    {
        _abandon = true;
        await DisposeAsync();
    }

    private void Run()
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(_options.BatchSize);
        try
        {
            _state = "running";
            while (!_stop.IsCancellationRequested && FatalError is null)
            {
                batch.Clear();
                if (!Fill(batch))
                {
                    continue;
                }

                if (!Process(batch))
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // Whatever stopped the loop is reported in health; the batch in hand is not acknowledged.
            _failed = true;
            _lastError = $"consumer stopped: {ex.Message}";
            LogStopped(Source.Name, ex.Message);
        }
        finally
        {
            _state = FatalError is null && !_failed ? "stopped" : "failed";
            if (_abandon)
            {
                _consumer.Dispose();
            }
            else
            {
                CloseQuietly();
            }
        }
    }

    private bool Fill(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var first = ConsumeOrNull(PollTimeout);
        if (first is null || first.IsPartitionEOF)
        {
            return false;
        }

        batch.Add(first);
        var clock = Stopwatch.StartNew();
        while (batch.Count < _options.BatchSize)
        {
            var remaining = _options.BatchWait - clock.Elapsed;
            var next = ConsumeOrNull(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            if (!next.IsPartitionEOF)
            {
                batch.Add(next);
            }
        }

        return true;
    }

    /// <summary>
    /// One Consume call. A subscribed topic that does not exist (yet) is reported by librdkafka 2.1+ as a consumer
    /// error on every metadata refresh; it is not fatal: the subscription stays and the topic is picked up once
    /// it is created, so it is shown as the consumer's last error and nothing more.
    /// </summary>
    /// <remarks>Partitions are revoked inside Consume: records already in the batch may belong to a partition this
    /// member no longer owns; their StoreOffset is refused (Local_State) and the new owner redelivers them.</remarks>
    private ConsumeResult<byte[]?, byte[]?>? ConsumeOrNull(TimeSpan timeout)
    {
        try
        {
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (ex.Error.Code is ErrorCode.UnknownTopicOrPart && !ex.Error.IsFatal)
        {
            // Cleared by the first batch processed once the topic exists.
            _lastError = $"topic {Source.Topic} does not exist yet: {ex.Error.Reason}";
            return null;
        }
    }

    /// <returns>False when the consumer must stop without acknowledging the batch.</returns>
    private bool Process(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var input = batch.ConvertAll(ToRecord);
        PipelineBatchResult? result = null;
        var delay = TimeSpan.FromMilliseconds(100);
        while (result is null)
        {
            try
            {
                result = _pipeline.ProcessAsync(input, CancellationToken.None).GetAwaiter().GetResult();
                _lastError = null;
                Interlocked.Exchange(ref _retryingSinceTicks, 0);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Nothing of the batch is stored; keep it and try again, without committing past it. A record's own
                // data error never gets here (the pipeline dead-letters it), so this is the database or the connection.
                _lastError = $"storing a batch failed, retrying: {ex.Message}";
                Interlocked.CompareExchange(ref _retryingSinceTicks, DateTimeOffset.UtcNow.UtcTicks, 0);
                _state = "retrying";
                LogRetrying(Source.Name, ex.Message, delay.TotalMilliseconds);
                if (_stop.Token.WaitHandle.WaitOne(delay))
                {
                    return false;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }

        if (_abandon || !_publisher.PublishAll(result.Messages, _stop.Token) || _abandon)
        {
            return false;
        }

        // EOF results never enter a batch (Fill skips them): StoreOffset throws on them since Confluent.Kafka 2.15.
        foreach (var consumed in batch)
        {
            try
            {
                _consumer.StoreOffset(consumed);
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                // The partition moved to another member in a rebalance; it will redeliver, and storage is idempotent.
            }
        }

        _state = "running";
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _records, batch.Count);
        Interlocked.Exchange(ref _lastBatchTicks, DateTimeOffset.UtcNow.UtcTicks);
        return true;
    }

    private static KafkaRecord ToRecord(ConsumeResult<byte[]?, byte[]?> result)
    {
        var headers = result.Message.Headers is { Count: > 0 } kafkaHeaders
            ? kafkaHeaders.Select(h => new KafkaHeader(h.Key, h.GetValueBytes() ?? [])).ToArray()
            : [];
        return new KafkaRecord(
            result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value, headers,
            result.Message.Timestamp.UtcDateTime);
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            FatalError = error;
            _lastError = $"fatal: {error.Reason}";
            LogFatal(Source.Name, error.Reason);
        }
        else
        {
            // Transient (broker down, connection refused): librdkafka reconnects by itself.
            _lastError = error.Reason;
        }
    }

    private void CloseQuietly()
    {
        try
        {
            _consumer.Close();
        }
        catch (KafkaException ex)
        {
            LogStopped(Source.Name, ex.Message);
        }
        finally
        {
            _consumer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: storing a batch failed ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string source, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source}: fatal Kafka error: {Reason}")]
    private partial void LogFatal(string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: consumer stopped: {Reason}")]
    private partial void LogStopped(string source, string reason);
}
