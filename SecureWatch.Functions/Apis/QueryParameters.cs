namespace SecureWatch.Functions.Apis;

/// <summary>
/// The query-string rules every list endpoint shares: only known parameters, each at most once, each applied by the
/// endpoint's own parser. A misspelt or repeated filter is refused rather than silently widening the answer.
/// </summary>
public static class QueryParameters
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
}
