namespace SecureWatch.Functions.Security;

/// <summary>
/// Keys come from SECUREWATCH_ADMIN_KEY / SECUREWATCH_ANALYST_KEY / SECUREWATCH_READER_KEY / SECUREWATCH_AGENT_KEY, or from the "ApiKeys" section as SHA-256
/// hashes so that configuration files never hold a usable key.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";
    public const string AdminKeySetting = "SECUREWATCH_ADMIN_KEY";
    public const string AnalystKeySetting = "SECUREWATCH_ANALYST_KEY";
    public const string ReaderKeySetting = "SECUREWATCH_READER_KEY";
    public const string AgentKeySetting = "SECUREWATCH_AGENT_KEY";

    /// <summary>Shorter keys can be guessed within the failed-key limit's reach; start-up refuses them.</summary>
    public const int MinKeyLength = 32;

    public List<ConfiguredApiKey> Keys { get; } = [];

    /// <summary>Read from <see cref="AdminKeySetting"/> (a top-level setting, not part of the section).</summary>
    public string? AdminKey { get; internal set; }

    /// <summary>Read from <see cref="AnalystKeySetting"/>.</summary>
    public string? AnalystKey { get; internal set; }

    /// <summary>Read from <see cref="ReaderKeySetting"/>.</summary>
    public string? ReaderKey { get; internal set; }

    /// <summary>Read from <see cref="AgentKeySetting"/>.</summary>
    public string? AgentKey { get; internal set; }
}
