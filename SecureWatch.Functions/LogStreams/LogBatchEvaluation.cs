using SecureWatch.Core.Kafka;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Pipeline.Messages;
using SecureWatch.Core.Sources;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// One batch of log messages checked, independent of how it was fetched (standalone consumer or Functions trigger):
/// the dead letters for what is malformed or arrives while the source is off, and the rule matches of the rest.
/// </summary>
public sealed class LogBatchEvaluation
{
    private LogBatchEvaluation(
        List<OutgoingMessage> deadLetters, List<string> reasons, List<LogDetection> detections, int evaluated,
        List<(KafkaRecord Record, IReadOnlyList<LogRuleMatch> Flags)> accepted)
    {
        Accepted = accepted;
        DeadLetters = deadLetters;
        Reasons = reasons;
        Detections = detections;
        Evaluated = evaluated;
    }

    public IReadOnlyList<OutgoingMessage> DeadLetters { get; }

    /// <summary>The reason of each dead letter, in order.</summary>
    public IReadOnlyList<string> Reasons { get; }

    public IReadOnlyList<LogDetection> Detections { get; }

    public int Evaluated { get; }

    /// <summary>The valid messages with their rule matches, for a push.</summary>
    public IReadOnlyList<(KafkaRecord Record, IReadOnlyList<LogRuleMatch> Flags)> Accepted { get; }

    public static LogBatchEvaluation Evaluate(IReadOnlyList<KafkaRecord> records, SourceCatalog catalog, LogRuleEvaluator rules, DateTimeOffset now)
    {
        var deadLetters = new List<OutgoingMessage>();
        var reasons = new List<string>();
        var detections = new List<LogDetection>();
        var evaluated = 0;
        var accepted = new List<(KafkaRecord, IReadOnlyList<LogRuleMatch>)>();
        var enabled = catalog.TryGetByName(DataSourceNames.LogStreams, out var source) && source.IsEnabled ? source.Topics ?? [] : [];
        foreach (var record in records)
        {
            var value = record.Value ?? [];
            string? reason;
            string? detail;
            LogEnvelope? envelope = null;
            if (!enabled.Contains(record.Topic))
            {
                (reason, detail) = (RejectReasons.SourceDisabled, $"source '{DataSourceNames.LogStreams}' is disabled or does not list topic '{record.Topic}'");
            }
            else if (value.Length > LogEnvelopeParser.MaxBytes)
            {
                (reason, detail) = (RejectReasons.Oversized, $"value of {value.Length} bytes exceeds {LogEnvelopeParser.MaxBytes}");
            }
            else if (!LogEnvelopeParser.TryParse(value, out envelope, out reason, out detail) || envelope is null)
            {
                reason ??= RejectReasons.SchemaInvalid;
            }
            else
            {
                reason = null;
            }

            if (reason is not null)
            {
                deadLetters.Add(DeadLetterMessages.Build(record, RecordOutcome.Rejected(reason, detail ?? reason)));
                reasons.Add(reason);
                continue;
            }

            evaluated++;
            var matches = rules.Evaluate(envelope!, now);
            accepted.Add((record, matches));
            foreach (var match in matches)
            {
                detections.Add(new LogDetection(record.Topic, record.Partition, record.Offset, match, value));
            }
        }

        return new LogBatchEvaluation(deadLetters, reasons, detections, evaluated, accepted);
    }

    /// <summary>Adds what this batch dead-lettered and evaluated to the counters, once it is acknowledged.</summary>
    public void Count(LogStreamCounters counters)
    {
        foreach (var reason in Reasons)
        {
            counters.DeadLettered(reason);
        }

        counters.CountEvaluated(Evaluated);
    }
}
