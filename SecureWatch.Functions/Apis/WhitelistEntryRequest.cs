namespace SecureWatch.Functions.Apis;

/// <summary>
/// Body of POST (ip_address required) and PATCH (every field optional) on the whitelist. SigningSecret is write-only:
/// responses only say whether one is set; an empty string removes it.
/// </summary>
public sealed record WhitelistEntryRequest(string? IpAddress, string? Description, bool? IsActive, string? SigningSecret = null);
