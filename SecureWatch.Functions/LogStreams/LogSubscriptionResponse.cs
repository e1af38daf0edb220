namespace SecureWatch.Functions.LogStreams;

/// <summary>The connection and the topics the request added it to or removed it from.</summary>
public sealed record LogSubscriptionResponse(string ConnectionId, IReadOnlyList<string> Topics);
