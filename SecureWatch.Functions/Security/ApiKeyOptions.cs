namespace SecureWatch.Functions.Security;

/// <summary>
/// Keys come from SECUREWATCH_ADMIN_KEY / SECUREWATCH_ANALYST_KEY / SECUREWATCH_READER_KEY, or from the "ApiKeys" section as SHA-256
/// hashes so that configuration files never hold a usable key.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    public List<ConfiguredApiKey> Keys { get; } = [];
}
