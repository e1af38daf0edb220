using System.Globalization;
using Microsoft.Extensions.Options;

namespace SecureWatch.Functions.Security;

/// <summary>Refuses to start with a key that is too short or malformed; messages name the key, never show it.</summary>
public sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    private const int Sha256HexLength = 64;

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        CheckPlain(failures, ApiKeyOptions.AdminKeySetting, options.AdminKey);
        CheckPlain(failures, ApiKeyOptions.AnalystKeySetting, options.AnalystKey);
        CheckPlain(failures, ApiKeyOptions.ReaderKeySetting, options.ReaderKey);
        CheckPlain(failures, ApiKeyOptions.AgentKeySetting, options.AgentKey);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var label = string.IsNullOrWhiteSpace(key.Name)
                ? $"{ApiKeyOptions.SectionName}:Keys:{i.ToString(CultureInfo.InvariantCulture)}"
                : $"API key '{key.Name}'";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{label} has no name; the name is recorded as the actor of its changes.");
            }

            if (!ApiRoles.All.Contains(key.Role, StringComparer.Ordinal))
            {
                failures.Add($"{label} has role '{key.Role}'; use one of {string.Join(", ", ApiRoles.All.Select(r => $"'{r}'"))}.");
            }

            if (key.Sha256.Length != Sha256HexLength || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                failures.Add($"{label}: Sha256 must be the {Sha256HexLength} hex digits of the key's SHA-256 hash.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPlain(List<string> failures, string setting, string? key)
    {
        if (!string.IsNullOrEmpty(key) && key.Length < ApiKeyOptions.MinKeyLength)
        {
            failures.Add($"{setting} is {key.Length} characters long; API keys need at least {ApiKeyOptions.MinKeyLength} "
                + "(e.g. openssl rand -hex 24).");
        }
    }
}
