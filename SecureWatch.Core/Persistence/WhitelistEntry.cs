using System.Net;

namespace SecureWatch.Core.Persistence;

/// <summary>A network allowed to send traffic as an external provider. Single addresses are /32 or /128.</summary>
public sealed class WhitelistEntry
{
    public long Id { get; set; }

    public IPNetwork Network { get; set; }

    public string Description { get; set; } = "";

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    /// <summary>The provider's HMAC signing secret, encrypted by <see cref="SigningSecretProtector"/>; null when none.</summary>
    public byte[]? SigningSecret { get; set; }
}
