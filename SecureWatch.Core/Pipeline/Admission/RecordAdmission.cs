using SecureWatch.Core.Features;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Pipeline.Admission;

/// <summary>
/// The checks every record passes before it is scored: size, source enabled, contract, the source it claims and a
/// loaded model for its feature set; an external provider's record also passes <see cref="ProviderAdmission"/>.
/// The answer is an accepted record or the reason it is dead-lettered.
/// </summary>
public sealed class RecordAdmission(SourceCatalog sources, ThreatScorer scorer, ProviderAdmission providers, PipelineOptions options)
{
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

    /// <param name="index">The record's position in its batch, carried by the accepted record.</param>
    internal bool TryAdmit(KafkaRecord source, int index, out AcceptedRecord accepted, out RecordOutcome rejection)
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
        if (settings.Name == DataSourceNames.ExternalKafka)
        {
            if (!providers.TryAdmit(source, record, settings, out var matched, out var key, out rejection))
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
}
