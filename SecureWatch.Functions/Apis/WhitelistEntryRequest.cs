namespace SecureWatch.Functions.Apis;

/// <summary>
/// Body of POST (ip_address required) and PATCH (every field optional) on the whitelist. SigningSecret is write-only:
/// responses only say whether one is set; an empty string removes it. AllowWide confirms a network wider than
/// <see cref="WhitelistApi.MinIPv4PrefixLength"/> (IPv4) or <see cref="WhitelistApi.MinIPv6PrefixLength"/> (IPv6); it is
/// not stored.
/// </summary>
public sealed record WhitelistEntryRequest(
    string? IpAddress, string? Description, bool? IsActive, string? SigningSecret = null, bool? AllowWide = null);
