namespace SecureWatch.Core.Kafka;

/// <summary>A message the pipeline wants published; the host produces it (and waits for the broker's ack).</summary>
public sealed record OutgoingMessage(string Topic, byte[]? Key, byte[] Value, IReadOnlyList<KafkaHeader> Headers);
