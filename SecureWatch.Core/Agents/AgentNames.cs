using System.Text.RegularExpressions;

namespace SecureWatch.Core.Agents;

/// <summary>The rule for a capture agent's name (the path segment of its heartbeat, the key of its row).</summary>
public static partial class AgentNames
{
    public const int MaxLength = 64;

    public const string Rule = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
