using System.Diagnostics;
using Confluent.Kafka;
using Npgsql;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// The log topics in the group all instances share (<see cref="GroupId"/>): each message is handled by the one instance
/// that owns its partition, which dead-letters what is malformed (same headers and reasons as traffic), evaluates the
/// rules and stores their matches as detections and alerts, and then stores the offsets (at-least-once; a redelivered
/// match is recognised by its position and rule and not counted again). Thresholds are per instance.
/// </summary>
public sealed partial class LogDetectionConsumer : IAsyncDisposable
{
    public const string GroupId = "securewatch-logs";

    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly SourceCatalog _catalog;
    private readonly LogRuleEvaluator _rules;
    private readonly LogDetectionStore _store;
    private readonly KafkaPublisher _publisher;
    private readonly LogStreamCounters _counters;
    private readonly LogStreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile int _assigned;
    private volatile string? _lastError;

    public LogDetectionConsumer(
        IReadOnlyList<string> topics, KafkaClientFactory clients, SourceCatalog catalog, LogRuleSet rules, LogDetectionStore store,
        KafkaPublisher publisher, LogStreamCounters counters, LogStreamOptions options, TimeProvider time, ILogger logger)
    {
        Topics = topics;
        _catalog = catalog;
        _rules = new LogRuleEvaluator(rules);
        _store = store;
        _publisher = publisher;
        _counters = counters;
        _options = options;
        _time = time;
        _logger = logger;
        _consumer = clients.CreateConsumerBuilder<byte[]?, byte[]?>(GroupId, config =>
            {
                config.SessionTimeoutMs = 6000;
                config.HeartbeatIntervalMs = 1000;
                config.AutoCommitIntervalMs = 500;
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 1000;
                config.TopicMetadataRefreshIntervalMs = 5000;
                config.ClientId = $"{clients.Options.ClientId}-logs-detect";
            })
            .SetPartitionsAssignedHandler((consumer, partitions) => { _assigned = ConsumerPartitions.CountWith(consumer, partitions); })
            .SetPartitionsRevokedHandler((consumer, revoked) => _assigned = ConsumerPartitions.CountWithout(consumer, revoked))
            .SetPartitionsLostHandler((consumer, lost) => _assigned = ConsumerPartitions.CountWithout(consumer, lost))
            .SetErrorHandler((_, error) => _lastError = error.Reason)
            .SetLogHandler((_, _) => { })
            .Build();
        _consumer.Subscribe(topics);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public IReadOnlyList<string> Topics { get; }

    public int AssignedPartitions => _assigned;

    public string? LastError => _lastError;

    /// <summary>Stops after the batch in progress (stored, dead letters published, offsets stored).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private void Run()
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(_options.BatchSize);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                batch.Clear();
                if (Fill(batch) && !Process(batch))
                {
                    break;
                }
            }

            _consumer.Close();
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
        {
            _lastError = $"consumer stopped: {ex.Message}";
            LogStopped(ex.Message);
        }
        finally
        {
            _consumer.Dispose();
        }
    }

    private bool Fill(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        ConsumeResult<byte[]?, byte[]?>? first;
        try
        {
            first = _consumer.Consume(PollTimeout);
        }
        catch (ConsumeException ex)
        {
            _lastError = ex.Error.Reason;
            return false;
        }

        if (first is null || first.IsPartitionEOF)
        {
            return false;
        }

        batch.Add(first);
        var clock = Stopwatch.StartNew();
        while (batch.Count < _options.BatchSize)
        {
            var remaining = _options.BatchWait - clock.Elapsed;
            var next = _consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
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

    /// <returns>False when stopping before the batch was acknowledged.</returns>
    private bool Process(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var records = batch.ConvertAll(ToRecord);
        var outcome = LogBatchEvaluation.Evaluate(records, _catalog, _rules, _time.GetUtcNow());
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                _store.StoreAsync(outcome.Detections, _time.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
                _lastError = null;
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                _lastError = $"storing detections failed, retrying: {ex.Message}";
                LogRetrying(ex.Message);
                if (_stop.Token.WaitHandle.WaitOne(delay))
                {
                    return false;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }

        if (!_publisher.PublishAll(outcome.DeadLetters, _stop.Token))
        {
            return false;
        }

        outcome.Count(_counters);
        foreach (var consumed in batch)
        {
            try
            {
                _consumer.StoreOffset(consumed);
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                // The partition moved in a rebalance; its new owner redelivers, and detections are idempotent.
            }
        }

        return true;
    }

    private static KafkaRecord ToRecord(ConsumeResult<byte[]?, byte[]?> result) => new(
        result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value,
        result.Message.Headers is { Count: > 0 } headers ? [.. headers.Select(h => new KafkaHeader(h.Key, h.GetValueBytes() ?? []))] : [],
        result.Message.Timestamp.UtcDateTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log detections: storing a batch failed ({Reason}); retrying")]
    private partial void LogRetrying(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log detection consumer stopped: {Reason}")]
    private partial void LogStopped(string reason);
}
