namespace SecureWatch.Functions.Apis;

public sealed record WhitelistHealth(string Status, int ActiveEntries);
