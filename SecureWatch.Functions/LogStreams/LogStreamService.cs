using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// Standalone hosting of the log streams: keeps a <see cref="LogPushConsumer"/> (this instance's browsers) and a
/// <see cref="LogDetectionConsumer"/> (shared group: dead letters, rules, alerts) on the topics of log_streams while it
/// is enabled, in step with data_source_config (a toggle or a topic change takes effect within a second, no restart),
/// and pushes logStats to every client once a second while they run.
/// </summary>
public sealed partial class LogStreamService(
    IServiceProvider services,
    SourceCatalog catalog,
    DatabaseChangeListener changes,
    IHubContext<LiveHub> hub,
    LogStreamCounters counters,
    LogRuleSet rules,
    LogDetectionStore store,
    PipelineCounters pipelineCounters,
    IOptions<LogStreamOptions> options,
    IOptions<LiveOptions> live,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private const int TopicPartitions = 4;

    private readonly LogStreamOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<LogStreamService>();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly HashSet<string> _ensured = new(StringComparer.Ordinal);

    // Per host, not per process: the push group must be this instance's alone (tests run several hosts in one process).
    private readonly string _instanceId = live.Value.InstanceId is { Length: > 0 } configured
        ? configured
        : $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
    private KafkaConnection? _connection;
    private IProducer<byte[]?, byte[]>? _producer;
    private KafkaPublisher? _publisher;
    private LogPushConsumer? _push;
    private LogDetectionConsumer? _detection;
    private volatile IReadOnlyList<string> _topics = [];
    private volatile string? _disabledReason;
    private volatile string? _error;

    public LogStreamHealth Health()
    {
        var push = _push;
        var detection = _detection;
        var status = _disabledReason is not null ? "disabled"
            : push is null ? "off"
            : push.AssignedPartitions > 0 ? HealthStatus.Up
            : "starting";
        return new LogStreamHealth(
            status, _topics, push?.AssignedPartitions ?? 0, detection?.AssignedPartitions ?? 0, counters.Totals(),
            counters.DeadLettersByReason(), counters.Evaluated, counters.Detections,
            _disabledReason ?? _error ?? push?.LastError ?? detection?.LastError);
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _connection = services.GetService<KafkaConnection>();
        if (_connection is null)
        {
            _disabledReason = "no Kafka connection in this host (Functions mode: the log functions consume)";
            return;
        }

        catalog.Changed += OnChanged;
        var stats = Task.Run(() => PushStatsAsync(stoppingToken), CancellationToken.None);
        try
        {
            await changes.Ready.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (KafkaException ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _error = $"starting log consumers failed: {ex.Message}";
                    LogReconcileFailed(ex.Message);
                }

                await _changed.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.Changed -= OnChanged;
            await StopConsumersAsync();
            await stats;
            _producer?.Flush(TimeSpan.FromSeconds(5));
            _producer?.Dispose();
        }
    }

    private void OnChanged() => _changed.Release();

    /// <summary>The topics to consume: log_streams' own, if enabled, minus any a traffic source or SecureWatch writes.</summary>
    private List<string> DesiredTopics()
    {
        if (!catalog.TryGetByName(DataSourceNames.LogStreams, out var source) || !source.IsEnabled || source.Topics is null)
        {
            return [];
        }

        var traffic = catalog.Sources.Where(s => !s.IsLogStreams).Select(s => s.Topic).ToHashSet(StringComparer.Ordinal);
        var refused = source.Topics.Where(t => traffic.Contains(t) || PipelineHeaders.ReservedTopicProblem(t) is not null).ToList();
        foreach (var topic in refused)
        {
            LogTopicRefused(topic);
        }

        return [.. source.Topics.Except(refused, StringComparer.Ordinal)];
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var desired = DesiredTopics();
        if (desired.SequenceEqual(_topics, StringComparer.Ordinal) && (_push is not null || desired.Count == 0))
        {
            return;
        }

        await StopConsumersAsync();
        _topics = desired;
        _error = null;
        if (desired.Count == 0)
        {
            LogStopped();
            return;
        }

        await EnsureTopicsAsync([.. desired, .. desired.Select(PipelineHeaders.DeadLetterTopic)], cancellationToken);
        var clients = _connection!.Clients;
        _publisher ??= new KafkaPublisher(_producer = clients.CreateProducerBuilder<byte[]?, byte[]>(config =>
            {
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 1000;
                config.ClientId = $"{clients.Options.ClientId}-logs";
            }).Build(), pipelineCounters);
        _push = new LogPushConsumer(desired, clients, $"securewatch-logs-push-{_instanceId}", hub, counters, rules, _options.MaxPushPerSecond,
            time, loggerFactory.CreateLogger<LogPushConsumer>());
        _detection = new LogDetectionConsumer(desired, clients, catalog, rules, store, _publisher, counters, _options, time,
            loggerFactory.CreateLogger<LogDetectionConsumer>());
        LogStarted(desired.Count);
    }

    private async Task StopConsumersAsync()
    {
        var (push, detection) = (_push, _detection);
        (_push, _detection) = (null, null);
        await Task.WhenAll(
            push?.DisposeAsync().AsTask() ?? Task.CompletedTask,
            detection?.DisposeAsync().AsTask() ?? Task.CompletedTask);
    }

    private async Task EnsureTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var missing = topics.Where(t => !_ensured.Contains(t)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        try
        {
            if (!_connection!.IsEmbedded)
            {
                // Creating topics needs a controller and the right ACLs; topics that exist already need neither.
                using var admin = _connection.Clients.CreateAdminClient();
                var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
                _ensured.UnionWith(missing.Where(existing.Contains));
                missing.RemoveAll(existing.Contains);
            }

            if (missing.Count > 0)
            {
                await _connection.Topics.EnsureTopicsAsync(
                    [.. missing.Select(t => new TopicSpecification { Name = t, NumPartitions = TopicPartitions, ReplicationFactor = -1 })],
                    cancellationToken);
                _ensured.UnionWith(missing);
            }
        }
        catch (KafkaException ex)
        {
            // Consumers subscribe anyway and pick a topic up when it appears; the failure is shown in health.
            _error = $"creating log topics failed: {ex.Message}";
            LogReconcileFailed(ex.Message);
        }
    }

    private async Task PushStatsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var last = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                var topics = _topics;
                var interval = counters.TakeInterval(topics);
                if (topics.Count > 0 || interval.Any(t => t.Received > 0))
                {
                    var message = new LogStatsMessage(now, Math.Round((now - last).TotalSeconds, 3), _options.MaxPushPerSecond, interval);
                    await hub.Clients.All.SendAsync(LiveTargets.LogStats, message, stoppingToken);
                }

                last = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Log streams: consuming {Count} topics")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Log streams: stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Log streams: topic {Topic} is a traffic source's or SecureWatch's own; not consumed")]
    private partial void LogTopicRefused(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log streams: could not start consumers: {Reason}")]
    private partial void LogReconcileFailed(string reason);
}
