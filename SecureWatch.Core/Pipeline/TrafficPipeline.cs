using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Features;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Persistence.Traffic;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.Providers;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Pipeline;

/// <summary>
/// The scoring pipeline, independent of how records are fetched: validate each record, score the accepted ones,
/// decide self-healing responses, store the batch once (one transaction) and return what to publish. The host
/// publishes the returned messages and only then commits the batch's offsets, so a crash at any point leads to
/// a redelivery that this class recognises (at-least-once delivery, exactly-once storage).
/// </summary>
public sealed partial class TrafficPipeline(
    NpgsqlDataSource dataSource,
    ThreatScorer scorer,
    SourceCatalog sources,
    WhitelistMatcher whitelist,
    ProviderSecrets secrets,
    SenderRateLimiter rateLimiter,
    SelfHealingEngine selfHealing,
    AlertGrouper alerts,
    PipelineCounters counters,
    PipelineOptions options,
    TimeProvider time,
    PredictionSigner predictionSigner,
    ILogger<TrafficPipeline> logger)
{
    /// <summary>
    /// Processes one batch. Throws (with nothing stored, nothing counted) when PostgreSQL cannot be used (connection,
    /// server or schema trouble); the caller retries the same batch and must not commit its offsets in between. A record
    /// PostgreSQL refuses for its own data is dead-lettered as <see cref="RejectReasons.Unstorable"/> instead.
    /// </summary>
    public async Task<PipelineBatchResult> ProcessAsync(IReadOnlyList<KafkaRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new RecordOutcome[batch.Count];
        var accepted = new List<AcceptedRecord>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (Admit(batch[i], i, out var record, out var rejection))
            {
                accepted.Add(record);
            }
            else
            {
                outcomes[i] = rejection;
            }
        }

        Score(accepted);
        var receivedAt = time.GetUtcNow();
        var rows = accepted.Count == 0
            ? []
            : await StoreSplittingAsync(accepted, outcomes, receivedAt, cancellationToken);

        var messages = new List<OutgoingMessage>(batch.Count);
        var rowsByIndex = rows.ToDictionary(r => r.Accepted.Index);
        var acceptedByIndex = accepted.ToDictionary(a => a.Index);
        for (var i = 0; i < batch.Count; i++)
        {
            var outcome = outcomes[i];
            counters.CountOutcome(outcome);
            switch (outcome.Kind)
            {
                case RecordOutcomeKind.Rejected:
                    LogRejected(batch[i].Topic, batch[i].Partition, batch[i].Offset, outcome.Reason!, outcome.Message!);

                    messages.Add(DeadLetter(batch[i], outcome));
                    break;
                case RecordOutcomeKind.Stored:
                    var row = rowsByIndex[i];
                    messages.Add(Prediction(row.Accepted, row.TrafficId, receivedAt, row.Decisions));
                    break;
                case RecordOutcomeKind.Redelivered:
                    messages.Add(Prediction(acceptedByIndex[i], outcome.TrafficId!.Value, receivedAt, []));
                    break;
                default:
                    break;
            }
        }

        return new PipelineBatchResult(outcomes, messages);
    }

    /// <summary>Runs only the checks that need no state (size and contract), as the offline score command does.</summary>
    public static bool TryParseValue(ReadOnlySpan<byte> value, int maxValueBytes, out TrafficRecord record, out RecordOutcome rejection)
    {
        record = null!;
        if (value.Length > maxValueBytes)
        {
            rejection = RecordOutcome.Rejected(RejectReasons.Oversized, $"value of {value.Length} bytes exceeds {maxValueBytes}");
            return false;
        }

        if (!TrafficRecordParser.TryParse(value, out record, out var reason, out var message))
        {
            rejection = RecordOutcome.Rejected(reason, message);
            return false;
        }

        rejection = default;
        return true;
    }

    private bool Admit(KafkaRecord source, int index, out AcceptedRecord accepted, out RecordOutcome rejection)
    {
        accepted = null!;
        var value = source.Value ?? [];
        if (value.Length > options.MaxValueBytes)
        {
            rejection = RecordOutcome.Rejected(RejectReasons.Oversized, $"value of {value.Length} bytes exceeds {options.MaxValueBytes}");
            return false;
        }

        // Checked before parsing: a disabled source's records are refused whatever they contain.
        if (!sources.TryGetByTopic(source.Topic, out var settings) || !settings.IsEnabled)
        {
            rejection = RecordOutcome.Rejected(RejectReasons.SourceDisabled, settings is null
                ? $"topic '{source.Topic}' belongs to no data source"
                : $"data source '{settings.Name}' is disabled");
            return false;
        }

        if (!TryParseValue(value, options.MaxValueBytes, out var record, out rejection))
        {
            return false;
        }

        // Otherwise an external provider could label its records internal and bypass the whitelist.
        if (record.DataSource != settings.Name)
        {
            rejection = RecordOutcome.Rejected(RejectReasons.SchemaInvalid,
                $"data_source '{record.DataSource}' does not match topic '{source.Topic}' of source '{settings.Name}'");
            return false;
        }

        if (!KddFeatureSet.TryGet(record.FeatureSet, out var set) || !scorer.Supports(set))
        {
            rejection = RecordOutcome.Rejected(RejectReasons.SchemaInvalid, $"no models are loaded for feature_set '{record.FeatureSet}'");
            return false;
        }

        long? entryId = null;
        string? senderKey = null;
        if (settings.Name == TrafficContract.ExternalKafkaSource)
        {
            if (!CheckProvider(source, record, settings, out var matched, out var key, out rejection))
            {
                return false;
            }

            entryId = matched;
            senderKey = key;
        }

        accepted = new AcceptedRecord(index, source, record, entryId) { SenderKey = senderKey };
        rejection = default;
        return true;
    }

    private void Score(List<AcceptedRecord> accepted)
    {
        foreach (var group in accepted.GroupBy(a => a.Record.FeatureSet, StringComparer.Ordinal))
        {
            KddFeatureSet.TryGet(group.Key, out var set);
            var vectorizer = scorer.ModelsFor(set).Vectorizer;
            var explainer = scorer.ModelsFor(set).Explainer;
            var records = group.ToList();
            var width = set.Count;
            var rows = ArrayPool<float>.Shared.Rent(records.Count * width);
            var predictions = ArrayPool<Prediction>.Shared.Rent(records.Count);
            try
            {
                for (var i = 0; i < records.Count; i++)
                {
                    TrafficRecordVectorizer.Vectorize(vectorizer, records[i].Record, rows.AsSpan(i * width, width));
                }

                scorer.ScoreBatch(set, rows.AsSpan(0, records.Count * width), predictions.AsSpan(0, records.Count));
                for (var i = 0; i < records.Count; i++)
                {
                    records[i].Prediction = predictions[i];
                    records[i].Explanation = predictions[i].IsAttack ? explainer.Explain(rows.AsSpan(i * width, width)) : null;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rows);
                ArrayPool<Prediction>.Shared.Return(predictions);
            }
        }
    }

    private OutgoingMessage Prediction(
        AcceptedRecord accepted, long trafficId, DateTimeOffset receivedAt, IReadOnlyList<SelfHealingDecision> decisions)
    {
        var record = accepted.Record;
        var prediction = accepted.Prediction;
        var message = new PredictionMessage
        {
            EventId = record.EventId,
            TrafficId = trafficId,
            ReceivedAt = receivedAt,
            ObservedAt = record.ObservedAt,
            DataSource = record.DataSource,
            SenderIp = record.SenderIp,
            Flow = record.Flow,
            FeatureSet = record.FeatureSet,
            IsAttack = prediction.IsAttack,
            AttackProbability = prediction.AttackProbability,
            Category = prediction.Category.ToName(),
            ModelVersion = prediction.ModelVersion,
            Actions = [.. decisions.Select(d => new PredictionResponseAction(d.Id, d.RuleId, d.Action.ToName(), d.Target, d.DryRun, d.ExpiresAt))],
        };
        var value = JsonSerializer.SerializeToUtf8Bytes(message, TrafficRecordJson.Options);
        return new OutgoingMessage(
            PipelineHeaders.PredictionsTopic,
            Encoding.UTF8.GetBytes(record.EventId.ToString()),
            value,
            [predictionSigner.Sign(value)]);
    }

    /// <summary>The original key, value and headers, plus why and where from.</summary>
    public static OutgoingMessage DeadLetter(KafkaRecord source, RecordOutcome outcome)
    {
        // Our headers are ours alone: a provider could otherwise pre-set the reason or origin a reader of the DLQ trusts.
        var headers = new List<KafkaHeader>(source.Headers.Count + 5);
        headers.AddRange(source.Headers.Where(h => !h.Key.StartsWith(PipelineHeaders.ReservedPrefix, StringComparison.Ordinal)));
        headers.Add(new(PipelineHeaders.ErrorReason, Encoding.UTF8.GetBytes(outcome.Reason!)));
        headers.Add(new(PipelineHeaders.ErrorMessage, Encoding.UTF8.GetBytes(Printable(outcome.Message ?? "", 1000))));
        headers.Add(new(PipelineHeaders.OriginalTopic, Encoding.UTF8.GetBytes(source.Topic)));
        headers.Add(new(PipelineHeaders.OriginalPartition, Encoding.UTF8.GetBytes(source.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        headers.Add(new(PipelineHeaders.OriginalOffset, Encoding.UTF8.GetBytes(source.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return new OutgoingMessage(PipelineHeaders.DeadLetterTopic(source.Topic), source.Key, source.Value ?? [], headers);
    }

    // Messages quote what senders sent; never echo control characters or unbounded text into logs and headers.
    private static string Printable(string text, int length) =>
        string.Concat(text.Take(length).Select(c => char.IsControl(c) ? '?' : c));

    private static string Printable(byte[] header) => Printable(Encoding.UTF8.GetString(header, 0, Math.Min(header.Length, 64)), 64);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dead-lettered {Topic}[{Partition}]@{Offset}: {Reason} ({Detail})")]
    private partial void LogRejected(string topic, int partition, long offset, string reason, string detail);
}
