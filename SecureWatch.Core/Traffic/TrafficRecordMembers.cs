using System.Text.Json;

namespace SecureWatch.Core.Traffic;

/// <summary>
/// Says which property made the strict reader refuse a record (one the contract does not define at the top level or in
/// <c>flow</c>, or a name given twice in any object), in words that quote at most a bounded, printable part of the name.
/// Only asked after a refusal, so the accepted path reads each record once.
/// </summary>
internal static class TrafficRecordMembers
{
    private const int MaxQuotedName = 64;

    public static string? FindOffending(ReadOnlySpan<byte> utf8Json, HashSet<string> recordNames, HashSet<string> flowNames)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? Scan(ref reader, "the record", recordNames, flowNames) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A sender's name as a message may quote it: at most 64 characters, control characters as '?'.</summary>
    public static string Quote(string name)
    {
        var shown = name.Length > MaxQuotedName ? name[..MaxQuotedName] + "…" : name;
        return $"'{string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c))}'";
    }

    // Reads one object's members; known is null where any name may appear (features), checked for duplicates only.
    private static string? Scan(ref Utf8JsonReader reader, string where, HashSet<string>? known, HashSet<string>? flowNames)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                return $"{where} has property {Quote(name)} more than once.";
            }

            if (known is not null && !known.Contains(name))
            {
                return $"{where} has property {Quote(name)}, which the contract does not define.";
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject && flowNames is not null && name is "flow" or "features")
            {
                if (Scan(ref reader, name, name == "flow" ? flowNames : null, null) is { } problem)
                {
                    return problem;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return null;
    }
}
