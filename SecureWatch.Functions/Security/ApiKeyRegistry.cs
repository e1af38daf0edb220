using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SecureWatch.Functions.Security;

/// <summary>Resolves a presented key to its name and role without revealing, through timing, which key was close.</summary>
public sealed class ApiKeyRegistry
{
    private readonly (string Name, string Role, byte[] Hash)[] _keys;

    /// <remarks><see cref="ApiKeyOptionsValidator"/> has checked roles, lengths and hashes at start-up.</remarks>
    public ApiKeyRegistry(IOptions<ApiKeyOptions> configured)
    {
        var options = configured.Value;
        var list = new List<(string, string, byte[])>();
        foreach (var key in options.Keys)
        {
            list.Add((key.Name, key.Role, Convert.FromHexString(key.Sha256)));
        }

        AddPlain(list, options.AdminKey, "admin", ApiRoles.Admin);
        AddPlain(list, options.AnalystKey, "analyst", ApiRoles.Analyst);
        AddPlain(list, options.ReaderKey, "reader", ApiRoles.Reader);
        AddPlain(list, options.AgentKey, "agent", ApiRoles.Agent);
        _keys = [.. list];
    }

    public int Count => _keys.Length;

    public bool TryResolve(string presented, out string name, out string role)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        name = "";
        role = "";
        var found = false;
        foreach (var key in _keys)
        {
            // Compare against every key, whatever matched earlier, so the time taken does not depend on the match.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash) && !found)
            {
                (name, role, found) = (key.Name, key.Role, true);
            }
        }

        return found;
    }

    /// <summary>The authentication outcome for a presented key: the key's name and role as claims, or a failure.</summary>
    public AuthenticateResult Authenticate(string presented, string scheme)
    {
        if (!TryResolve(presented, out var name, out var role))
        {
            return AuthenticateResult.Fail("invalid API key");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), scheme));
    }

    private static void AddPlain(List<(string, string, byte[])> list, string? key, string name, string role)
    {
        if (!string.IsNullOrEmpty(key))
        {
            list.Add((name, role, SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        }
    }
}
