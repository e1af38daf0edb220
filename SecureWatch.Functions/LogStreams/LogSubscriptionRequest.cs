namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// POST and DELETE /api/v1/logs/subscriptions: the hub connection (its id from the SignalR client) and the log topics
/// to start or stop receiving; DELETE without topics stops all.
/// </summary>
public sealed record LogSubscriptionRequest(string? ConnectionId, IReadOnlyList<string>? Topics);
