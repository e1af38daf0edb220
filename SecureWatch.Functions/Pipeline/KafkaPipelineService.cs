using Confluent.Kafka;
using Confluent.Kafka.Admin;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Apis;

namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// Standalone hosting of the pipeline: connects to Kafka (or starts the embedded cluster), keeps one
/// <see cref="SourceConsumer"/> per enabled source in step with data_source_config (a toggle or topic change takes
/// effect within a second, no restart), and owns the producer that publishes predictions and dead letters.
/// </summary>
public sealed partial class KafkaPipelineService(
    IConfiguration configuration,
    IServiceProvider services,
    SourceCatalog catalog,
    TrafficPipeline pipeline,
    PipelineCounters counters,
    SelfHealingEngine selfHealing,
    PipelineOptions options,
    DatabaseChangeListener changes,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private const int TopicPartitions = 4;

    private static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<KafkaPipelineService>();
    private readonly Dictionary<string, SourceConsumer> _consumers = new(StringComparer.Ordinal);
    private readonly Lock _consumersLock = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly HashSet<string> _ensuredTopics = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stopping;
    private Task? _supervisor;
    private KafkaConnection? _connection;
    private IProducer<byte[]?, byte[]>? _producer;
    private KafkaPublisher? _publisher;
    private string? _bootstrapFile;
    private volatile string? _error;
    private volatile Error? _producerFatal;

    /// <summary>When set, stopping behaves like a crash: consumers leave without finishing or committing.</summary>
    internal bool AbandonOnStop { get; set; }

    public string? Bootstrap => _connection?.Clients.Options.BootstrapServers;

    public bool IsEmbedded => _connection?.IsEmbedded ?? false;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        _connection = services.GetRequiredService<KafkaConnection>();
        if (_connection.IsEmbedded)
        {
            _bootstrapFile = DataDirectory.BootstrapFile(configuration);
            Directory.CreateDirectory(Path.GetDirectoryName(_bootstrapFile)!);
            await File.WriteAllTextAsync(_bootstrapFile, _connection.Clients.Options.BootstrapServers + "\n", cancellationToken);
            LogEmbedded(_connection.Clients.Options.BootstrapServers, _bootstrapFile);
        }
        else
        {
            LogExternal(_connection.Clients.Options.BootstrapServers);
        }

        await EnsureTopicsAsync([PipelineHeaders.PredictionsTopic], cancellationToken);
        _producer = _connection.Clients.CreateProducerBuilder<byte[]?, byte[]>(config =>
            {
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 1000;
                config.ClientId = $"{_connection.Clients.Options.ClientId}-pipeline";
            })
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal)
                {
                    _producerFatal = e;
                    LogProducerFatal(e.Reason);
                }
            })
            .Build();
        _publisher = new KafkaPublisher(_producer, counters);
        catalog.Changed += OnCatalogChanged;
        _stopping = new CancellationTokenSource();
        _supervisor = SuperviseAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnCatalogChanged;
        if (_stopping is not null)
        {
            await _stopping.CancelAsync();
            await (_supervisor ?? Task.CompletedTask).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        List<SourceConsumer> running;
        lock (_consumersLock)
        {
            running = [.. _consumers.Values];
            _consumers.Clear();
        }

        await Task.WhenAll(running.Select(StopConsumerAsync));
        if (_producer is not null)
        {
            if (!AbandonOnStop)
            {
                _producer.Flush(TimeSpan.FromSeconds(5));
            }

            _producer.Dispose();
        }

        if (_bootstrapFile is not null && File.Exists(_bootstrapFile)
            && (await File.ReadAllTextAsync(_bootstrapFile, CancellationToken.None)).Trim() == Bootstrap)
        {
            File.Delete(_bootstrapFile);
        }
    }

    /// <summary>The kafka section of the health report.</summary>
    public KafkaHealth Health()
    {
        List<ConsumerStatus> statuses;
        lock (_consumersLock)
        {
            statuses = [.. _consumers.Values.Select(c => c.Status).OrderBy(s => s.Source, StringComparer.Ordinal)];
        }

        var fatal = _producerFatal is { } p ? $"producer: {p.Reason}" : statuses.FirstOrDefault(s => s.State == "failed")?.LastError;
        var status = !options.Enabled ? "disabled"
            : fatal is not null || _error is not null ? "failed"
            : statuses.Any(s => s.Status == HealthStatus.Degraded) ? HealthStatus.Degraded
            : HealthStatus.Up;
        var degraded = statuses.FirstOrDefault(s => s.Status == HealthStatus.Degraded);
        return new KafkaHealth(
            status, Bootstrap, IsEmbedded, statuses, counters.RejectedByReason(), counters.Stored, counters.Published,
            selfHealing.ProtectedSkips, fatal ?? _error ?? (degraded is null ? null : $"source {degraded.Source}: {degraded.LastError}"));
    }

    public void Dispose()
    {
        _changed.Dispose();
        _stopping?.Dispose();
    }

    private async Task StopConsumerAsync(SourceConsumer consumer)
    {
        if (AbandonOnStop)
        {
            await consumer.AbandonAsync();
        }
        else
        {
            await consumer.DisposeAsync();
        }
    }

    private void OnCatalogChanged() => _changed.Release();

    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        var summaryClock = System.Diagnostics.Stopwatch.StartNew();
        var lastSummary = "";
        try
        {
            await changes.Ready.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (summaryClock.Elapsed >= SummaryInterval)
                {
                    summaryClock.Restart();
                    lastSummary = LogSummaryIfChanged(lastSummary);
                }

                try
                {
                    await ReconcileAsync(stoppingToken);
                    _error = null;
                }
                catch (Exception ex) when (ex is KafkaException or CreateTopicsException && !stoppingToken.IsCancellationRequested)
                {
                    _error = $"starting consumers failed: {ex.Message}";
                    LogReconcileFailed(ex.Message);
                }

                // Woken by a settings change; the periodic pass also restarts consumers after a failed start.
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
    }

    private string LogSummaryIfChanged(string previous)
    {
        var rejected = string.Join(", ", counters.RejectedByReason().Where(p => p.Value > 0).Select(p => $"{p.Key}={p.Value}"));
        var summary = $"stored={counters.Stored} redelivered={counters.Redelivered} duplicates={counters.DuplicateEvents} "
            + $"published={counters.Published} dead letters: {(rejected.Length == 0 ? "none" : rejected)}";
        if (summary != previous)
        {
            LogSummary(summary);
        }

        return summary;
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Log topics have consumers of their own (LogStreamService); they are not traffic.
        var desired = catalog.Sources.Where(s => s.IsEnabled && !s.IsLogStreams).ToDictionary(s => s.Name, StringComparer.Ordinal);
        List<SourceConsumer> obsolete;
        lock (_consumersLock)
        {
            obsolete = [.. _consumers.Values.Where(c => !desired.TryGetValue(c.Source.Name, out var wanted) || wanted != c.Source)];
            foreach (var consumer in obsolete)
            {
                _consumers.Remove(consumer.Source.Name);
            }
        }

        await Task.WhenAll(obsolete.Select(c => c.DisposeAsync().AsTask()));
        foreach (var consumer in obsolete)
        {
            LogConsumerStopped(consumer.Source.Name, consumer.Source.Topic);
        }

        foreach (var source in desired.Values)
        {
            lock (_consumersLock)
            {
                if (_consumers.ContainsKey(source.Name))
                {
                    continue;
                }
            }

            await EnsureTopicsAsync([source.Topic, PipelineHeaders.DeadLetterTopic(source.Topic)], cancellationToken);
            var consumer = new SourceConsumer(
                source, _connection!.Clients, pipeline, _publisher!, options, loggerFactory.CreateLogger<SourceConsumer>());
            lock (_consumersLock)
            {
                _consumers[source.Name] = consumer;
            }

            LogConsumerStarted(source.Name, source.Topic);
        }
    }

    private async Task EnsureTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var missing = topics.Where(t => !_ensuredTopics.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (!_connection!.IsEmbedded)
        {
            // Creating topics needs a controller and the right ACLs; topics that exist already need neither.
            using var admin = _connection.Clients.CreateAdminClient();
            var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics
                .Where(t => !t.Error.IsError)
                .Select(t => t.Topic)
                .ToHashSet(StringComparer.Ordinal);
            _ensuredTopics.UnionWith(missing.Where(existing.Contains));
            missing.RemoveAll(existing.Contains);
            if (missing.Count == 0)
            {
                return;
            }
        }

        await _connection!.Topics.EnsureTopicsAsync(
            [.. missing.Select(t => new TopicSpecification { Name = t, NumPartitions = TopicPartitions, ReplicationFactor = -1 })],
            cancellationToken);
        _ensuredTopics.UnionWith(missing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: no Kafka:BootstrapServers configured, embedded cluster started at {Bootstrap} (written to {File})")]
    private partial void LogEmbedded(string bootstrap, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka: using {Bootstrap}")]
    private partial void LogExternal(string bootstrap);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka: consuming source {Source} from topic {Topic}")]
    private partial void LogConsumerStarted(string source, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka: stopped consuming source {Source} (topic {Topic})")]
    private partial void LogConsumerStopped(string source, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: could not start consumers: {Reason}")]
    private partial void LogReconcileFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline totals: {Summary}")]
    private partial void LogSummary(string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kafka: fatal producer error: {Reason}")]
    private partial void LogProducerFatal(string reason);
}
