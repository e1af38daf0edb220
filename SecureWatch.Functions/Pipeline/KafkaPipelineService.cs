using Confluent.Kafka;
using Confluent.Kafka.Admin;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;

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
    PipelineOptions options,
    DatabaseChangeListener changes,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private const int TopicPartitions = 4;

    private static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private readonly ILogger logger = loggerFactory.CreateLogger<KafkaPipelineService>();
    private readonly Dictionary<string, SourceConsumer> consumers = new(StringComparer.Ordinal);
    private readonly Lock consumersLock = new();
    private readonly SemaphoreSlim changed = new(0);
    private readonly HashSet<string> ensuredTopics = new(StringComparer.Ordinal);
    private CancellationTokenSource? stopping;
    private Task? supervisor;
    private KafkaConnection? connection;
    private IProducer<byte[]?, byte[]>? producer;
    private KafkaPublisher? publisher;
    private string? bootstrapFile;
    private volatile string? error;
    private volatile Error? producerFatal;

    /// <summary>When set, stopping behaves like a crash: consumers leave without finishing or committing.</summary>
    internal bool AbandonOnStop { get; set; }

    public string? Bootstrap => connection?.Clients.Options.BootstrapServers;

    public bool IsEmbedded => connection?.IsEmbedded ?? false;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        connection = services.GetRequiredService<KafkaConnection>();
        if (connection.IsEmbedded)
        {
            bootstrapFile = DataDirectory.BootstrapFile(configuration);
            Directory.CreateDirectory(Path.GetDirectoryName(bootstrapFile)!);
            await File.WriteAllTextAsync(bootstrapFile, connection.Clients.Options.BootstrapServers + "\n", cancellationToken);
            LogEmbedded(connection.Clients.Options.BootstrapServers, bootstrapFile);
        }
        else
        {
            LogExternal(connection.Clients.Options.BootstrapServers);
        }

        await EnsureTopicsAsync([PipelineHeaders.PredictionsTopic], cancellationToken);
        producer = connection.Clients.CreateProducerBuilder<byte[]?, byte[]>(config =>
            {
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 1000;
                config.ClientId = $"{connection.Clients.Options.ClientId}-pipeline";
            })
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal)
                {
                    producerFatal = e;
                    LogProducerFatal(e.Reason);
                }
            })
            .Build();
        publisher = new KafkaPublisher(producer, counters);
        catalog.Changed += OnCatalogChanged;
        stopping = new CancellationTokenSource();
        supervisor = SuperviseAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnCatalogChanged;
        if (stopping is not null)
        {
            await stopping.CancelAsync();
            await (supervisor ?? Task.CompletedTask).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        List<SourceConsumer> running;
        lock (consumersLock)
        {
            running = [.. consumers.Values];
            consumers.Clear();
        }

        await Task.WhenAll(running.Select(StopConsumerAsync));
        if (producer is not null)
        {
            if (!AbandonOnStop)
            {
                producer.Flush(TimeSpan.FromSeconds(5));
            }

            producer.Dispose();
        }

        if (bootstrapFile is not null && File.Exists(bootstrapFile)
            && (await File.ReadAllTextAsync(bootstrapFile, CancellationToken.None)).Trim() == Bootstrap)
        {
            File.Delete(bootstrapFile);
        }
    }

    /// <summary>The kafka section of the health report.</summary>
    public KafkaHealth Health()
    {
        List<ConsumerStatus> statuses;
        lock (consumersLock)
        {
            statuses = [.. consumers.Values.Select(c => c.Status).OrderBy(s => s.Source, StringComparer.Ordinal)];
        }

        var fatal = producerFatal is { } p ? $"producer: {p.Reason}" : statuses.FirstOrDefault(s => s.State == "failed")?.LastError;
        var status = !options.Enabled ? "disabled"
            : fatal is not null || error is not null ? "failed"
            : statuses.Any(s => s.Status == "degraded") ? "degraded"
            : "up";
        var degraded = statuses.FirstOrDefault(s => s.Status == "degraded");
        return new KafkaHealth(
            status, Bootstrap, IsEmbedded, statuses, counters.RejectedByReason(), counters.Stored, counters.Published,
            fatal ?? error ?? (degraded is null ? null : $"source {degraded.Source}: {degraded.LastError}"));
    }

    public void Dispose()
    {
        changed.Dispose();
        stopping?.Dispose();
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

    private void OnCatalogChanged() => changed.Release();

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
                    error = null;
                }
                catch (Exception ex) when (ex is KafkaException or CreateTopicsException && !stoppingToken.IsCancellationRequested)
                {
                    error = $"starting consumers failed: {ex.Message}";
                    LogReconcileFailed(ex.Message);
                }

                // Woken by a settings change; the periodic pass also restarts consumers after a failed start.
                await changed.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(stoppingToken);
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
        var desired = catalog.Sources.Where(s => s.IsEnabled).ToDictionary(s => s.Name, StringComparer.Ordinal);
        List<SourceConsumer> obsolete;
        lock (consumersLock)
        {
            obsolete = [.. consumers.Values.Where(c => !desired.TryGetValue(c.Source.Name, out var wanted) || wanted != c.Source)];
            foreach (var consumer in obsolete)
            {
                consumers.Remove(consumer.Source.Name);
            }
        }

        await Task.WhenAll(obsolete.Select(c => c.DisposeAsync().AsTask()));
        foreach (var consumer in obsolete)
        {
            LogConsumerStopped(consumer.Source.Name, consumer.Source.Topic);
        }

        foreach (var source in desired.Values)
        {
            lock (consumersLock)
            {
                if (consumers.ContainsKey(source.Name))
                {
                    continue;
                }
            }

            await EnsureTopicsAsync([source.Topic, PipelineHeaders.DeadLetterTopic(source.Topic)], cancellationToken);
            var consumer = new SourceConsumer(
                source, connection!.Clients, pipeline, publisher!, options, loggerFactory.CreateLogger<SourceConsumer>());
            lock (consumersLock)
            {
                consumers[source.Name] = consumer;
            }

            LogConsumerStarted(source.Name, source.Topic);
        }
    }

    private async Task EnsureTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var missing = topics.Where(t => !ensuredTopics.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (!connection!.IsEmbedded)
        {
            // Creating topics needs a controller and the right ACLs; topics that exist already need neither.
            using var admin = connection.Clients.CreateAdminClient();
            var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics
                .Where(t => !t.Error.IsError)
                .Select(t => t.Topic)
                .ToHashSet(StringComparer.Ordinal);
            ensuredTopics.UnionWith(missing.Where(existing.Contains));
            missing.RemoveAll(existing.Contains);
            if (missing.Count == 0)
            {
                return;
            }
        }

        await connection!.Topics.EnsureTopicsAsync(
            [.. missing.Select(t => new TopicSpecification { Name = t, NumPartitions = TopicPartitions, ReplicationFactor = -1 })],
            cancellationToken);
        ensuredTopics.UnionWith(missing);
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
