namespace SecureWatch.Core.Kafka;

/// <summary>One Kafka record header. Kafka allows repeated keys; lookups take the last one, as Kafka clients do.</summary>
public readonly record struct KafkaHeader(string Key, byte[] Value);
