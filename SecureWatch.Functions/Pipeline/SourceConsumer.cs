using System.Diagnostics;
using Confluent.Kafka;
using Npgsql;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;

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

    private readonly IConsumer<byte[]?, byte[]?> consumer;
    private readonly TrafficPipeline pipeline;
    private readonly KafkaPublisher publisher;
    private readonly PipelineOptions options;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private volatile string state = "starting";
    private volatile string? lastError;
    private long batches;
    private long records;
    private long lastBatchTicks;
    private long retryingSinceTicks;
    private volatile bool abandon;
    private volatile bool failed;

    public SourceConsumer(
        SourceSettings source, KafkaClientFactory clients, TrafficPipeline pipeline, KafkaPublisher publisher,
        PipelineOptions options, ILogger logger)
    {
        Source = source;
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.options = options;
        this.logger = logger;
        consumer = clients.CreateConsumerBuilder<byte[]?, byte[]?>(GroupId, config =>
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
        consumer.Subscribe(source.Topic);
        loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    public SourceSettings Source { get; }

    /// <summary>A fatal client error; the consumer has stopped and the host reports it in health.</summary>
    public Error? FatalError { get; private set; }

    public ConsumerStatus Status
    {
        get
        {
            var current = state;
            var retryingSince = Interlocked.Read(ref retryingSinceTicks) is var since and > 0 ? new DateTimeOffset(since, TimeSpan.Zero) : (DateTimeOffset?)null;
            return new(
                Source.Name,
                Source.Topic,
                current,
                current == "failed" ? "down" : retryingSince is not null ? "degraded" : "up",
                Interlocked.Read(ref batches),
                Interlocked.Read(ref records),
                Interlocked.Read(ref lastBatchTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
                lastError,
                retryingSince);
        }
    }

    /// <summary>Stops after the batch in progress (stored, published, offsets stored) and leaves the group cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    /// <summary>
    /// Stops as a crash would: the batch in progress is neither published nor acknowledged, and the consumer leaves
    /// without committing or saying goodbye to the group.
    /// </summary>
    public async ValueTask AbandonAsync()
    {
        abandon = true;
        await DisposeAsync();
    }

    private void Run()
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(options.BatchSize);
        try
        {
            state = "running";
            while (!stop.IsCancellationRequested && FatalError is null)
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
            failed = true;
            lastError = $"consumer stopped: {ex.Message}";
            LogStopped(Source.Name, ex.Message);
        }
        finally
        {
            state = FatalError is null && !failed ? "stopped" : "failed";
            if (abandon)
            {
                consumer.Dispose();
            }
            else
            {
                CloseQuietly();
            }
        }
    }

    private bool Fill(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var first = consumer.Consume(PollTimeout);
        if (first is null || first.IsPartitionEOF)
        {
            return false;
        }

        batch.Add(first);
        var clock = Stopwatch.StartNew();
        while (batch.Count < options.BatchSize)
        {
            var remaining = options.BatchWait - clock.Elapsed;
            var next = consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
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
                result = pipeline.ProcessAsync(input, CancellationToken.None).GetAwaiter().GetResult();
                lastError = null;
                Interlocked.Exchange(ref retryingSinceTicks, 0);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Nothing of the batch is stored; keep it and try again, without committing past it. A record's own
                // data error never gets here (the pipeline dead-letters it), so this is the database or the connection.
                lastError = $"storing a batch failed, retrying: {ex.Message}";
                Interlocked.CompareExchange(ref retryingSinceTicks, DateTimeOffset.UtcNow.UtcTicks, 0);
                state = "retrying";
                LogRetrying(Source.Name, ex.Message, delay.TotalMilliseconds);
                if (stop.Token.WaitHandle.WaitOne(delay))
                {
                    return false;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }

        if (abandon || !publisher.PublishAll(result.Messages, stop.Token) || abandon)
        {
            return false;
        }

        foreach (var consumed in batch)
        {
            try
            {
                consumer.StoreOffset(consumed);
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                // The partition moved to another member in a rebalance; it will redeliver, and storage is idempotent.
            }
        }

        state = "running";
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref records, batch.Count);
        Interlocked.Exchange(ref lastBatchTicks, DateTimeOffset.UtcNow.UtcTicks);
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
            lastError = $"fatal: {error.Reason}";
            LogFatal(Source.Name, error.Reason);
        }
        else
        {
            // Transient (broker down, connection refused): librdkafka reconnects by itself.
            lastError = error.Reason;
        }
    }

    private void CloseQuietly()
    {
        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            LogStopped(Source.Name, ex.Message);
        }
        finally
        {
            consumer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: storing a batch failed ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string source, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source}: fatal Kafka error: {Reason}")]
    private partial void LogFatal(string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: consumer stopped: {Reason}")]
    private partial void LogStopped(string source, string reason);
}
