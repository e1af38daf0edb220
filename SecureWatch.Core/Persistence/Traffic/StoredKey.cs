namespace SecureWatch.Core.Persistence.Traffic;

/// <summary>A traffic_ingest_keys row: where and when an event was first stored, and its traffic_data id.</summary>
internal readonly record struct StoredKey(long TrafficId, DateTimeOffset ReceivedAt, string? Topic, int? Partition, long? Offset);
