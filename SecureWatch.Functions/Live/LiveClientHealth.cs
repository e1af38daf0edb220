namespace SecureWatch.Functions.Live;

/// <summary>A connection that has lost messages because it read too slowly: how many, and how many wait now.</summary>
public sealed record LiveClientHealth(string ConnectionId, long Dropped, int Queued);
