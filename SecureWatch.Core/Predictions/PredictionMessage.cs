using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Predictions;

/// <summary>
/// What SecureWatch says about one scored record: the value on the predictions topic (for downstream
/// systems) and the argument of the SignalR "prediction" and "alert" messages (for the UI).
/// Schema <c>securewatch.prediction.v1</c>; snake_case JSON through <see cref="TrafficRecordJson.Options"/>.
/// </summary>
public sealed record PredictionMessage
{
    public const string SchemaName = "securewatch.prediction.v1";

    public string Schema { get; init; } = SchemaName;

    public required Guid EventId { get; init; }

    /// <summary>The traffic_data row id, for GET /api/v1/traffic/{id}.</summary>
    public required long TrafficId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? ObservedAt { get; init; }

    public required string DataSource { get; init; }

    public string? SenderIp { get; init; }

    public required TrafficFlow Flow { get; init; }

    public required string FeatureSet { get; init; }

    public required bool IsAttack { get; init; }

    public required float AttackProbability { get; init; }

    /// <summary>normal, dos, probe, r2l or u2r.</summary>
    public required string Category { get; init; }

    public required string ModelVersion { get; init; }

    public IReadOnlyList<PredictionResponseAction> Actions { get; init; } = [];
}
