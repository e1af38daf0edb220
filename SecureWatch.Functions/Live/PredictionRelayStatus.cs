using SecureWatch.Core.Predictions;

namespace SecureWatch.Functions.Live;

/// <summary>
/// What the relay knows about itself, written by its consumer thread and Kafka callbacks and read by the health
/// endpoint; each field is read and written atomically, which is all a health report needs.
/// </summary>
public sealed class PredictionRelayStatus(PredictionSigner signer, LiveConnections connections)
{
    private volatile string? _disabledReason;
    private volatile string? _error;
    private volatile string? _groupId;
    private volatile string _topic = "";
    private volatile int _assignedPartitions;
    private volatile int _brokersUp = -1;
    private long _relayed;
    private long _rejected;
    private long _dropped;
    private long _unverified;

    public void Starting(string consumerGroup, string predictionsTopic)
    {
        _groupId = consumerGroup;
        _topic = predictionsTopic;
    }

    public void Disabled(string predictionsTopic, string reason)
    {
        _topic = predictionsTopic;
        _disabledReason = reason;
    }

    public void Assigned(int partitions) => _assignedPartitions = partitions;

    /// <summary>From the client's statistics: how many brokers have an open connection right now.</summary>
    public void BrokersUp(int count) => _brokersUp = count;

    public void Failed(string reason) => _error = reason;

    public void CountRelayed() => Interlocked.Increment(ref _relayed);

    public void CountRejected(string reason)
    {
        Interlocked.Increment(ref _rejected);
        _error = $"rejected a message: {reason}";
    }

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void CountUnverified() => Interlocked.Increment(ref _unverified);

    public LiveRelayHealth Snapshot()
    {
        var status = (_disabledReason, _brokersUp, _assignedPartitions) switch
        {
            ({ }, _, _) => "disabled",
            (_, 0, _) => "down",
            (_, _, > 0) => "up",
            _ => "starting",
        };
        return new LiveRelayHealth(
            status,
            _topic,
            _groupId,
            _assignedPartitions,
            Interlocked.Read(ref _relayed),
            Interlocked.Read(ref _rejected),
            Interlocked.Read(ref _dropped),
            Interlocked.Read(ref _unverified),
            signer.IsShared ? "shared" : "per-process",
            connections.Count,
            connections.Dropped,
            connections.Refused,
            connections.SlowClients(),
            _disabledReason ?? _error);
    }
}
