using System.Net;

namespace SecureWatch.Core.Persistence;

/// <summary>
/// One scored traffic record (table traffic_data, partitioned by day on received_at). Written once per
/// event: the pipeline inserts through traffic_ingest_keys, which makes event_id unique.
/// </summary>
public sealed class ScoredTraffic
{
    public long Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? ObservedAt { get; set; }

    public Guid EventId { get; set; }

    public string DataSource { get; set; } = "";

    public IPAddress? SenderIp { get; set; }

    public IPAddress? SrcIp { get; set; }

    public IPAddress? DstIp { get; set; }

    public int? SrcPort { get; set; }

    public int? DstPort { get; set; }

    public string? Protocol { get; set; }

    public string FeatureSet { get; set; } = "";

    /// <summary>The record's named features as a JSON object.</summary>
    public string Features { get; set; } = "{}";

    public string? KafkaTopic { get; set; }

    public int? KafkaPartition { get; set; }

    public long? KafkaOffset { get; set; }

    public bool IsAttack { get; set; }

    public float AttackProbability { get; set; }

    public string Category { get; set; } = "";

    public string ModelVersion { get; set; } = "";

    /// <summary>The strongest self-healing action decided for the record, if any.</summary>
    public string? ResponseAction { get; set; }

    /// <summary>Why an attack was flagged (JSON, see ThreatExplanationJson); null for normal records.</summary>
    public string? Explanation { get; set; }
}
