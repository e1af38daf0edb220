using SecureWatch.Core.Persistence;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Functions.Apis;

public sealed record WhitelistEntryResponse(
    long Id,
    string IpAddress,
    string Description,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    bool HasSigningSecret)
{
    public static WhitelistEntryResponse From(WhitelistEntry entry) => new(
        entry.Id,
        WhitelistNetwork.ToCanonicalString(entry.Network),
        entry.Description,
        entry.IsActive,
        entry.CreatedAt,
        entry.UpdatedAt,
        entry.CreatedBy,
        entry.SigningSecret is not null);
}
