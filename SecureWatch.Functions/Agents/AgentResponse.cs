using SecureWatch.Core.Agents;

namespace SecureWatch.Functions.Agents;

/// <summary>
/// One capture agent as GET /api/v1/agents lists it. DropRate is the share of packets the kernel or interface dropped
/// in the interval the last report closed; RecordDropRate the share of records lost between capture and Kafka
/// (queue full or delivery failed) in it. Dropping when either is above 1 %.
/// </summary>
public sealed record AgentResponse(
    string Name,
    string State,
    string StateDetail,
    bool Dropping,
    double DropRate,
    double RecordDropRate,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    double SecondsSinceLastSeen,
    AgentHeartbeat Report);
