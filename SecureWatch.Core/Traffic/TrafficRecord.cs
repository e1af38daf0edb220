namespace SecureWatch.Core.Traffic;

/// <summary>
/// One connection described by its KDD features: the <c>securewatch.traffic.v1</c> message.
/// Serialise it with <see cref="TrafficRecordJson"/>.
/// </summary>
public sealed record TrafficRecord
{
    public string Schema { get; init; } = TrafficContract.Schema;

    public required Guid EventId { get; init; }

    /// <summary>When the connection was reported (UTC); for captured traffic, the packet clock.</summary>
    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>The source name: one of <see cref="Sources.DataSourceNames.All"/>.</summary>
    public required string DataSource { get; init; }

    /// <summary>Address of the external provider that sent the record; required for external_kafka.</summary>
    public string? SenderIp { get; init; }

    public required TrafficFlow Flow { get; init; }

    /// <summary>"kdd41" or "header28" (see <see cref="Features.KddFeatureSet"/>).</summary>
    public required string FeatureSet { get; init; }

    /// <summary>Feature name to value, exactly the names of <see cref="FeatureSet"/>.</summary>
    public required IReadOnlyDictionary<string, TrafficFeatureValue> Features { get; init; }
}
