using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Apis;

public sealed record HealthReport(string Status, ComponentHealth Database, WhitelistHealth Whitelist, KafkaHealth Kafka);
