using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SecureWatch.Core.Persistence;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Live;

/// <summary>
/// Short-lived tokens that admit a client to the hub, issued by /api/negotiate to a caller authenticated by its API
/// key in a header. Browsers must put whatever authenticates a WebSocket into its URL, where proxies and logs keep
/// it; a token that expires within minutes and opens only the hub is what goes there, never the API key.
/// Form: base64url(payload JSON) "." base64url(HMAC-SHA256 of the payload), under a key derived from the secrets key
/// so that any instance accepts another's tokens.
/// </summary>
public sealed class LiveAccessTokens
{
    /// <summary>HKDF info of the signing key, distinct from every other use of the secrets key.</summary>
    public const string KeyPurpose = "securewatch.live.access-token.v1";

    // Binds a token to this one use: a token minted for anything else with the same key is refused.
    private const string Purpose = "securewatch.live.hub";
    private const int MaxPayloadBytes = 1024;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public LiveAccessTokens(SigningSecretProtector protector, TimeProvider time, IOptions<LiveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(options);
        // Without a secrets key the tokens hold on this instance only, as the hub connections they open do anyway.
        _key = protector.DeriveKey(KeyPurpose) ?? RandomNumberGenerator.GetBytes(32);
        _time = time;
        Lifetime = options.Value.AccessTokenLifetime;
    }

    public TimeSpan Lifetime { get; }

    public string Issue(string name, string role) => Issue(name, role, _time.GetUtcNow() + Lifetime);

    public string Issue(string name, string role, DateTimeOffset expiresAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(Purpose, name, role, expiresAt.ToUnixTimeSeconds()));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>The key name and role of a genuine, unexpired hub token; false for anything else, an API key included.</summary>
    public bool TryValidate(string token, out string name, out string role)
    {
        name = "";
        role = "";
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot > MaxPayloadBytes * 2 || token.Length - dot - 1 > 64)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            if (Base64Url.DecodeFromChars(token.AsSpan(dot + 1), mac, out _, out var written) != System.Buffers.OperationStatus.Done
                || written != mac.Length)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), mac))
        {
            return false;
        }

        // Only our own payloads get this far, so parsing them cannot be driven by a caller.
        var claims = JsonSerializer.Deserialize<Payload>(payload);
        if (claims is null || claims.Purpose != Purpose || claims.ExpiresAt <= _time.GetUtcNow().ToUnixTimeSeconds()
            || claims.Role is not (ApiRoles.Reader or ApiRoles.Admin))
        {
            return false;
        }

        (name, role) = (claims.Name, claims.Role);
        return true;
    }

    private sealed record Payload(string Purpose, string Name, string Role, long ExpiresAt);
}
