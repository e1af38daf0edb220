using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace SecureWatch.Core.Persistence;

/// <summary>
/// Encrypts provider signing secrets for storage (AES-256-GCM under the key in <see cref="KeySetting"/>), so a
/// database dump or backup does not hand out the secrets that authenticate providers. Stored form:
/// version (1 byte) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class SigningSecretProtector
{
    /// <summary>Configuration key (environment variable) holding the base64 of a 32-byte key.</summary>
    public const string KeySetting = "SECUREWATCH_SECRETS_KEY";

    public const int MaxSecretBytes = 256;

    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    // Binds ciphertexts to their purpose, so a value stored for something else cannot be passed off as a secret.
    private static readonly byte[] AssociatedData = "securewatch.ip_whitelist.signing_secret"u8.ToArray();

    private readonly byte[]? _key;

    public SigningSecretProtector(byte[]? key)
    {
        if (key is not null && key.Length != 32)
        {
            throw new ArgumentException($"{KeySetting} must be 32 bytes (base64), got {key.Length}.", nameof(key));
        }

        _key = key;
    }

    /// <summary>False when no key is configured: secrets can then be neither stored nor verified.</summary>
    public bool IsConfigured => _key is not null;

    /// <exception cref="InvalidOperationException">The configured value is not base64 of 32 bytes.</exception>
    public static SigningSecretProtector FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[KeySetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SigningSecretProtector(null);
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written != 32)
        {
            throw new InvalidOperationException($"{KeySetting} must be the base64 of 32 random bytes (openssl rand -base64 32).");
        }

        return new SigningSecretProtector(buffer[..32]);
    }

    /// <summary>
    /// A 32-byte key for another purpose (HKDF-SHA256 of this key, the purpose as info), so every instance that shares
    /// the secrets key shares it too, while no derived key reveals the secrets key or another derived key.
    /// Null when no key is configured.
    /// </summary>
    public byte[]? DeriveKey(string purpose) =>
        _key is null ? null : HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public byte[] Protect(ReadOnlySpan<byte> secret)
    {
        var usableKey = _key ?? throw new InvalidOperationException($"{KeySetting} is not configured.");
        var stored = new byte[HeaderSize + secret.Length];
        stored[0] = FormatVersion;
        var nonce = stored.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(usableKey, TagSize);
        aes.Encrypt(nonce, secret, stored.AsSpan(HeaderSize), stored.AsSpan(1 + NonceSize, TagSize), AssociatedData);
        return stored;
    }

    /// <summary>Decrypts a stored secret; false when no key is configured or the value was not made with this key.</summary>
    public bool TryUnprotect(ReadOnlySpan<byte> stored, out byte[] secret)
    {
        secret = [];
        if (_key is null || stored.Length < HeaderSize || stored[0] != FormatVersion)
        {
            return false;
        }

        var plain = new byte[stored.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(stored.Slice(1, NonceSize), stored[HeaderSize..], stored.Slice(1 + NonceSize, TagSize), plain, AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        secret = plain;
        return true;
    }
}
