using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Pipeline;

/// <summary>A record that passed every check, with its score once the models have run.</summary>
internal sealed class AcceptedRecord(int index, KafkaRecord source, TrafficRecord record, long? whitelistEntryId)
{
    public int Index { get; } = index;

    public KafkaRecord Source { get; } = source;

    public TrafficRecord Record { get; } = record;

    public long? WhitelistEntryId { get; } = whitelistEntryId;

    /// <summary>For a verified external provider, its whitelist network: what rate limits are keyed by.</summary>
    public string? SenderKey { get; init; }

    public Prediction Prediction { get; set; }
}
