namespace SecureWatch.Functions.Live;

/// <summary>
/// The relay as shown by GET /api/v1/health. Status is up (partitions assigned, a broker reachable), starting
/// (joining its group), down (no broker reachable) or disabled (no Kafka connection in this host).
/// </summary>
public sealed record LiveRelayHealth(
    string Status,
    string Topic,
    string? GroupId,
    int AssignedPartitions,
    long Relayed,
    long Rejected,
    long Dropped,
    string? Error);
