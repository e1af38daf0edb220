namespace SecureWatch.Functions.Apis;

/// <summary>One row of GET /api/v1/traffic: everything but the features.</summary>
public sealed record TrafficSummaryResponse(
    long Id,
    Guid EventId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ObservedAt,
    string DataSource,
    string? SenderIp,
    TrafficFlowResponse Flow,
    string FeatureSet,
    TrafficPredictionResponse Prediction,
    string? ResponseAction);
