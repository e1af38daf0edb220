using SecureWatch.Functions.Live;
using SecureWatch.Functions.LogStreams;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// Status (<see cref="HealthStatus"/>) covers what scoring needs (database, whitelist, Kafka consumers); the live relay
/// and the log streams are reported but never make the instance down, because the API and scoring work without live push.
/// </summary>
public sealed record HealthReport(
    string Status, ComponentHealth Database, WhitelistHealth Whitelist, KafkaHealth Kafka, LiveRelayHealth Relay, LogStreamHealth Logs);
