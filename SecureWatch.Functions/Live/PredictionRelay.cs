using System.Text.Json;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Traffic;

using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Live;

/// <summary>
/// Pushes every message of the predictions topic to this instance's SignalR clients. Scoring instances share one
/// consumer group, so each sees only part of the traffic; the relay reads the whole topic in a group of its own
/// (securewatch-relay-&lt;instance id&gt;), which makes Kafka the backplane: every client of every instance sees
/// every prediction. It starts at the latest offset and never commits: a live view has no use for the past.
/// </summary>
public sealed partial class PredictionRelay(
    IServiceProvider services,
    IHubContext<LiveHub> hub,
    PredictionRelayStatus status,
    PredictionSigner signer,
    IOptions<LiveOptions> options,
    ILogger<PredictionRelay> logger) : BackgroundService
{
    /// <summary>
    /// The contract's options, except that optional constructor parameters may be absent: the contract omits null
    /// values (an action without expires_at), which the strict options would then refuse to read back.
    /// </summary>
    private static readonly JsonSerializerOptions ReadOptions =
        new(TrafficRecordJson.Options) { RespectRequiredConstructorParameters = false };

    private readonly LiveOptions _settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host registers a KafkaConnection when it runs the pipeline (embedded or configured cluster).
        var connection = services.GetService<KafkaConnection>();
        if (connection is null)
        {
            status.Disabled(_settings.PredictionsTopic, "no Kafka connection is configured in this host; predictions are not pushed");
            LogDisabled();
            return;
        }

        var groupId = "securewatch-relay-" + (_settings.InstanceId is { Length: > 0 } id ? id : DefaultInstanceId());
        status.Starting(groupId, _settings.PredictionsTopic);

        // Kafka reads block a thread; SignalR sends are async. A bounded queue between them keeps a slow client
        // from stalling the reads: under overload the oldest predictions are dropped from the live view (and counted).
        var queue = Channel.CreateBounded<RelayedPrediction>(
            new BoundedChannelOptions(Math.Max(1, _settings.PushQueueCapacity))
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            _ => status.CountDropped());
        var reading = Task.Factory.StartNew(
            () => Read(connection, groupId, queue.Writer, stoppingToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await foreach (var prediction in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await hub.Clients.All.SendAsync(LiveTargets.Prediction, prediction.Payload, stoppingToken);
                if (prediction.IsAttack)
                {
                    await hub.Clients.All.SendAsync(LiveTargets.Alert, prediction.Payload, stoppingToken);
                }

                status.CountRelayed();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await reading;
        }
    }

    private void Read(KafkaConnection connection, string groupId, ChannelWriter<RelayedPrediction> writer, CancellationToken stoppingToken)
    {
        try
        {
            using var consumer = BuildConsumer(connection, groupId);
            consumer.Subscribe(_settings.PredictionsTopic);
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<Ignore, byte[]> result;
                try
                {
                    result = consumer.Consume(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ConsumeException ex)
                {
                    // E.g. the topic does not exist yet (UnknownTopicOrPart, not fatal): the consumer keeps its
                    // subscription and picks the topic up once the pipeline creates it.
                    status.Failed(ex.Error.Reason);
                    continue;
                }

                if (result?.Message?.Value is not { } value)
                {
                    continue;
                }

                // Anyone who can write to the topic could otherwise push to analysts' browsers.
                if (!IsSignedBySecureWatch(result.Message, value))
                {
                    status.CountUnverified();
                    LogUnverified(result.TopicPartitionOffset);
                }
                else if (TryParse(value, out var prediction, out var reason))
                {
                    writer.TryWrite(prediction);
                }
                else
                {
                    status.CountRejected(reason);
                    LogRejected(result.TopicPartitionOffset, reason);
                }
            }

            // Leaving the group at once spares its (single) member nothing, but frees the broker's group state.
            consumer.Close();
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException or DllNotFoundException)
        {
            status.Failed(ex.Message);
            status.BrokersUp(0);
            LogFailed(ex.Message);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private IConsumer<Ignore, byte[]> BuildConsumer(KafkaConnection connection, string groupId) =>
        connection.Clients.CreateConsumerBuilder<Ignore, byte[]>(groupId, config =>
            {
                config.AutoOffsetReset = AutoOffsetReset.Latest;
                config.EnableAutoCommit = false;
                config.SessionTimeoutMs = 6000;
                config.HeartbeatIntervalMs = 500;
                config.ReconnectBackoffMs = 100;
                config.ReconnectBackoffMaxMs = 2000;
                // The pipeline may create the topic after the relay subscribed; notice it within seconds.
                config.TopicMetadataRefreshIntervalMs = 5000;
                config.StatisticsIntervalMs = 1000;
            })
            .SetPartitionsAssignedHandler(StartAtEnd)
            .SetPartitionsRevokedHandler((consumer, revoked) => status.Assigned(ConsumerPartitions.CountWithout(consumer, revoked)))
            .SetPartitionsLostHandler((consumer, lost) => status.Assigned(ConsumerPartitions.CountWithout(consumer, lost)))
            .SetErrorHandler((_, error) => status.Failed(error.Reason))
            .SetStatisticsHandler((_, json) => status.BrokersUp(CountBrokersUp(json)))
            .SetLogHandler((_, _) => { })
            .Build();

    private IEnumerable<TopicPartitionOffset> StartAtEnd(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        var positions = ConsumerPartitions.AtEnd(consumer, partitions, status.Failed);
        status.Assigned(ConsumerPartitions.CountWith(consumer, partitions));
        return positions;
    }

    private bool IsSignedBySecureWatch(Message<Ignore, byte[]> message, byte[] value) =>
        message.Headers is { } headers
        && headers.TryGetLastBytes(PipelineHeaders.PredictionSignature, out var signature)
        && signature is not null
        && signer.IsGenuine(value, signature);

    /// <summary>Validates a predictions message and renders it canonically (snake_case, as on the topic).</summary>
    private static bool TryParse(byte[] value, out RelayedPrediction prediction, out string reason)
    {
        prediction = default;
        try
        {
            var message = JsonSerializer.Deserialize<PredictionMessage>(value, ReadOptions);
            if (message is null || message.Schema != PredictionMessage.SchemaName)
            {
                reason = $"schema must be '{PredictionMessage.SchemaName}'";
                return false;
            }

            prediction = new RelayedPrediction(JsonSerializer.SerializeToElement(message, TrafficRecordJson.Options), message.IsAttack);
            reason = "";
            return true;
        }
        catch (JsonException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    /// <summary>Brokers (nodeid ≥ 0; the group coordinator entry is -1) whose connection is UP.</summary>
    private static int CountBrokersUp(string statistics)
    {
        using var document = JsonDocument.Parse(statistics);
        if (!document.RootElement.TryGetProperty("brokers", out var brokers))
        {
            return 0;
        }

        var up = 0;
        foreach (var broker in brokers.EnumerateObject())
        {
            if (broker.Value.TryGetProperty("nodeid", out var node) && node.GetInt32() >= 0
                && broker.Value.TryGetProperty("state", out var state) && state.ValueEquals("UP"))
            {
                up++;
            }
        }

        return up;
    }

    private static string DefaultInstanceId() =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Live relay disabled: no Kafka connection is configured")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live relay skipped the message at {Position}: {Reason}")]
    private partial void LogRejected(TopicPartitionOffset position, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live relay refused the message at {Position}: no valid SecureWatch signature")]
    private partial void LogUnverified(TopicPartitionOffset position);

    [LoggerMessage(Level = LogLevel.Error, Message = "Live relay stopped: {Reason}")]
    private partial void LogFailed(string reason);

    private readonly record struct RelayedPrediction(JsonElement Payload, bool IsAttack);
}
