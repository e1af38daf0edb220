namespace SecureWatch.Functions.Live;

/// <summary>
/// The relay as shown by GET /api/v1/health. Status is up (partitions assigned, a broker reachable), starting
/// (joining its group), down (no broker reachable) or disabled (no Kafka connection in this host).
/// Unverified counts messages refused for lacking a valid SecureWatch signature; SigningKey is "shared" (derived from
/// the secrets key, so every instance's predictions verify) or "per-process" (no secrets key: only this instance's own).
/// Connections are this instance's hub clients; ClientDropped counts messages dropped for clients that read too slowly
/// (SlowClients lists the worst of them) and RefusedConnections those refused for their key's connection limit.
/// </summary>
public sealed record LiveRelayHealth(
    string Status,
    string Topic,
    string? GroupId,
    int AssignedPartitions,
    long Relayed,
    long Rejected,
    long Dropped,
    long Unverified,
    string SigningKey,
    int Connections,
    long ClientDropped,
    long RefusedConnections,
    IReadOnlyList<LiveClientHealth> SlowClients,
    string? Error);
