namespace SecureWatch.Functions.Apis;

/// <summary>Body of POST (ip_address required) and PATCH (every field optional) on the whitelist.</summary>
public sealed record WhitelistEntryRequest(string? IpAddress, string? Description, bool? IsActive);
