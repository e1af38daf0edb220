namespace SecureWatch.Functions.Apis;

/// <summary>Where the record was read from, for tracing it back to its message.</summary>
public sealed record TrafficKafkaPosition(string Topic, int Partition, long Offset);
