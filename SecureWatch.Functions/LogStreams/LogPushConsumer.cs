using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Functions.Live;

using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// Reads every partition of the log topics in a group of this instance alone (securewatch-logs-push-&lt;instance&gt;), as
/// the prediction relay reads predictions, and pushes each valid message to this instance's subscribers of its topic,
/// at most Logs:MaxPushPerSecond per topic. Starts at the end and never commits: a live view has no use for the past.
/// Flags come from a rule evaluator of its own, so thresholds count what this instance saw of the whole topic; alerts
/// come from <see cref="LogDetectionConsumer"/> only, which sees just its partitions, so none is raised twice.
/// </summary>
public sealed partial class LogPushConsumer : IAsyncDisposable
{
    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly IHubContext<LiveHub> _hub;
    private readonly LogStreamCounters _counters;
    private readonly LogRuleEvaluator _rules;
    private readonly LogPushLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile int _assigned;
    private volatile string? _lastError;

    public LogPushConsumer(
        IReadOnlyList<string> topics, KafkaClientFactory clients, string groupId, IHubContext<LiveHub> hub, LogStreamCounters counters,
        LogRuleSet rules, int maxPushPerSecond, TimeProvider time, ILogger logger)
    {
        Topics = topics;
        _hub = hub;
        _counters = counters;
        _rules = new LogRuleEvaluator(rules);
        _limiter = new LogPushLimiter(maxPushPerSecond, time);
        _time = time;
        _logger = logger;
        _consumer = clients.CreateConsumerBuilder<Ignore, byte[]>(groupId, config =>
            {
                config.AutoOffsetReset = AutoOffsetReset.Latest;
                config.EnableAutoCommit = false;
                config.SessionTimeoutMs = 6000;
                config.HeartbeatIntervalMs = 500;
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 2000;
                config.TopicMetadataRefreshIntervalMs = 5000;
                config.ClientId = $"{clients.Options.ClientId}-logs-push";
            })
            .SetPartitionsAssignedHandler(StartAtEnd)
            .SetPartitionsRevokedHandler((consumer, revoked) => _assigned = ConsumerPartitions.CountWithout(consumer, revoked))
            .SetPartitionsLostHandler((consumer, lost) => _assigned = ConsumerPartitions.CountWithout(consumer, lost))
            .SetErrorHandler((_, error) => _lastError = error.Reason)
            .SetLogHandler((_, _) => { })
            .Build();
        _consumer.Subscribe(topics);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public IReadOnlyList<string> Topics { get; }

    /// <summary>Partitions assigned; all of the topics' partitions once the group has formed.</summary>
    public int AssignedPartitions => _assigned;

    public string? LastError => _lastError;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                ConsumeResult<Ignore, byte[]>? result;
                try
                {
                    result = _consumer.Consume(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ConsumeException ex)
                {
                    // E.g. a topic not created yet; the subscription stays and is retried.
                    _lastError = ex.Error.Reason;
                    continue;
                }

                if (result?.Message is { } message)
                {
                    Push(result.Topic, result.Partition.Value, result.Offset.Value, message.Value ?? []);
                }
            }

            _consumer.Close();
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
        {
            _lastError = ex.Message;
            LogFailed(ex.Message);
        }
        finally
        {
            _consumer.Dispose();
        }
    }

    private void Push(string topic, int partition, long offset, byte[] value)
    {
        _counters.Received(topic);
        // The detection consumer dead-letters what does not parse; here it is only counted.
        if (value.Length > LogEnvelopeParser.MaxBytes
            || !LogEnvelopeParser.TryParse(value, out var envelope, out _, out _) || envelope is null)
        {
            _counters.Invalid(topic);
            return;
        }

        var now = _time.GetUtcNow();
        var flags = _rules.Evaluate(envelope, now);
        if (!_limiter.TryTake(topic))
        {
            _counters.Skipped(topic);
            return;
        }

        using var document = JsonDocument.Parse(value);
        var message = new LogPushMessage(topic, partition, offset, now, document.RootElement.Clone(), flags);
        // The lifetime manager queues per connection and returns at once; nothing here waits on a client.
        _ = _hub.Clients.Group(LogGroups.Of(topic)).SendAsync(LiveTargets.Log, message, CancellationToken.None);
        _counters.Pushed(topic);
    }

    /// <summary>Pins each assigned partition to its current end, so nothing produced after "assigned" is missed.</summary>
    private IEnumerable<TopicPartitionOffset> StartAtEnd(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        var positions = ConsumerPartitions.AtEnd(consumer, partitions, reason => _lastError = reason);
        _assigned = ConsumerPartitions.CountWith(consumer, partitions);
        return positions;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Log push consumer stopped: {Reason}")]
    private partial void LogFailed(string reason);
}
