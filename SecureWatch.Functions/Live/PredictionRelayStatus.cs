using SecureWatch.Core.Predictions;

namespace SecureWatch.Functions.Live;

/// <summary>
/// What the relay knows about itself, written by its consumer thread and Kafka callbacks and read by the health
/// endpoint; each field is read and written atomically, which is all a health report needs.
/// </summary>
public sealed class PredictionRelayStatus(PredictionSigner signer, LiveConnections connections)
{
    private volatile string? disabledReason;
    private volatile string? error;
    private volatile string? groupId;
    private volatile string topic = "";
    private volatile int assignedPartitions;
    private volatile int brokersUp = -1;
    private long relayed;
    private long rejected;
    private long dropped;
    private long unverified;

    public void Starting(string consumerGroup, string predictionsTopic)
    {
        groupId = consumerGroup;
        topic = predictionsTopic;
    }

    public void Disabled(string predictionsTopic, string reason)
    {
        topic = predictionsTopic;
        disabledReason = reason;
    }

    public void Assigned(int partitions) => assignedPartitions = partitions;

    /// <summary>From the client's statistics: how many brokers have an open connection right now.</summary>
    public void BrokersUp(int count) => brokersUp = count;

    public void Failed(string reason) => error = reason;

    public void CountRelayed() => Interlocked.Increment(ref relayed);

    public void CountRejected(string reason)
    {
        Interlocked.Increment(ref rejected);
        error = $"rejected a message: {reason}";
    }

    public void CountDropped() => Interlocked.Increment(ref dropped);

    public void CountUnverified() => Interlocked.Increment(ref unverified);

    public LiveRelayHealth Snapshot()
    {
        var status = (disabledReason, brokersUp, assignedPartitions) switch
        {
            ({ }, _, _) => "disabled",
            (_, 0, _) => "down",
            (_, _, > 0) => "up",
            _ => "starting",
        };
        return new LiveRelayHealth(
            status,
            topic,
            groupId,
            assignedPartitions,
            Interlocked.Read(ref relayed),
            Interlocked.Read(ref rejected),
            Interlocked.Read(ref dropped),
            Interlocked.Read(ref unverified),
            signer.IsShared ? "shared" : "per-process",
            connections.Count,
            connections.Dropped,
            connections.Refused,
            connections.SlowClients(),
            disabledReason ?? error);
    }
}
