using SecureWatch.Functions.Live;

namespace SecureWatch.Functions.Apis;

/// <summary>Status covers what the API needs (database, whitelist); the live relay is reported but never makes it unhealthy.</summary>
public sealed record HealthReport(string Status, ComponentHealth Database, WhitelistHealth Whitelist, LiveRelayHealth Relay);
