namespace SecureWatch.Functions.Security;

/// <summary>A named key: its role and the lowercase hex SHA-256 of the key text.</summary>
public sealed class ConfiguredApiKey
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = ApiRoles.Reader;

    public string Sha256 { get; set; } = "";
}
