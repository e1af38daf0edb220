using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// The query-string rules every list endpoint shares: only known parameters, each at most once, each applied by the
/// endpoint's own parser. A misspelt or repeated filter is refused rather than silently widening the answer.
/// </summary>
public static partial class QueryParameters
{
    public delegate bool Apply<T>(T current, string key, string value, out T next, out string reason);

    public static bool TryApplyAll<T>(
        IQueryCollection query, string[] known, T seed, Apply<T> apply, out T parsed, out string field, out string reason)
    {
        parsed = seed;
        (field, reason) = ("", "");
        foreach (var (key, values) in query)
        {
            field = key;
            if (Array.IndexOf(known, key) < 0)
            {
                reason = $"unknown parameter; known parameters: {string.Join(", ", known)}";
                return false;
            }

            if (values.Count != 1)
            {
                reason = "given more than once";
                return false;
            }

            if (!apply(parsed, key, values[0] ?? "", out parsed, out reason))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An RFC 3339 timestamp, strictly: DateTimeOffset alone would also take local times and other layouts.</summary>
    public static bool TryParseTimestamp(string value, out DateTimeOffset timestamp, out string reason)
    {
        timestamp = default;
        reason = "";
        if (Rfc3339Pattern().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
        {
            return true;
        }

        reason = "an RFC 3339 timestamp such as 2025-01-31T12:00:00Z (encode '+' in an offset as %2B)";
        return false;
    }

    public static bool TryParseLimit(string value, int max, out int limit, out string reason)
    {
        reason = "";
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 && limit <= max)
        {
            return true;
        }

        reason = $"an integer from 1 to {max}";
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Pattern();
}
