using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>Reads and checks a rule's <c>match</c>: all / any / not over field conditions known to the log type.</summary>
internal static class LogConditionReader
{
    private static readonly string[] FieldOperators = ["equals", "in", "regex", "gt", "ge", "lt", "le", "outside_hours"];

    public static LogCondition Read(JsonElement element, LogTypeSchema schema, string path, LogRuleContext context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error(path, "a condition must be an object: {all: [...]}, {any: [...]}, {not: {...}} or {field, operator}");
        }

        if (element.TryGetProperty("all", out var all) || element.TryGetProperty("any", out all))
        {
            var name = element.TryGetProperty("all", out _) ? "all" : "any";
            LogRuleSetReader.CheckMembers(element, [name], context, path + ".");
            if (all.ValueKind != JsonValueKind.Array || all.GetArrayLength() == 0)
            {
                throw context.Error($"{path}.{name}", "must be a non-empty array of conditions");
            }

            var parts = new LogCondition[all.GetArrayLength()];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = Read(all[i], schema, $"{path}.{name}[{i}]", context);
            }

            return name == "all" ? new AllCondition(parts) : new AnyCondition(parts);
        }

        if (element.TryGetProperty("not", out var not))
        {
            LogRuleSetReader.CheckMembers(element, ["not"], context, path + ".");
            return new NotCondition(Read(not, schema, path + ".not", context));
        }

        return FieldCondition(element, schema, path, context);
    }

    private static LogCondition FieldCondition(JsonElement element, LogTypeSchema schema, string path, LogRuleContext context)
    {
        LogRuleSetReader.CheckMembers(element, [.. FieldOperators, "field", "ignore_case"], context, path + ".");
        var fieldName = LogRuleSetReader.RequiredText(element, "field", context, path + ".");
        var field = LogRuleSetReader.Field(schema, fieldName, path + ".field", context);
        var ignoreCase = element.TryGetProperty("ignore_case", out var ignoreCaseElement) && ignoreCaseElement.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw context.Error(path + ".ignore_case", "must be true or false"),
        };
        var operators = FieldOperators.Where(o => element.TryGetProperty(o, out _)).ToArray();
        var comparisons = operators.Count(o => o is "gt" or "ge" or "lt" or "le");
        if (operators.Length == 0 || (operators.Length > 1 && comparisons != operators.Length))
        {
            throw context.Error(path, $"field {fieldName}: give exactly one of equals, in, regex, outside_hours, or gt/ge/lt/le bounds");
        }

        if (ignoreCase && operators[0] is not ("equals" or "in" or "regex"))
        {
            throw context.Error(path + ".ignore_case", "applies to equals, in and regex only");
        }

        var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        switch (operators[0])
        {
            case "equals":
                return new InCondition(fieldName, new HashSet<string>([Literal(element.GetProperty("equals"), $"{path}.equals", context)], comparer));
            case "in":
                var list = element.GetProperty("in");
                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    throw context.Error(path + ".in", "must be a non-empty array of strings or numbers");
                }

                var values = new HashSet<string>(comparer);
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    values.Add(Literal(item, $"{path}.in[{i++}]", context));
                }

                return new InCondition(fieldName, values);
            case "regex":
                return new RegexCondition(fieldName, Regex(element.GetProperty("regex"), ignoreCase, path + ".regex", context));
            case "outside_hours":
                if (field.Kind != LogFieldKind.Timestamp)
                {
                    throw context.Error(path + ".outside_hours", $"field {fieldName} is not a timestamp field of {schema.LogType}");
                }

                return Hours(fieldName, element.GetProperty("outside_hours"), path + ".outside_hours", context);
            default:
                if (field.Kind != LogFieldKind.Number)
                {
                    throw context.Error(path, $"gt/ge/lt/le need a numeric field; {fieldName} of {schema.LogType} is {field.Kind.ToString().ToLowerInvariant()}");
                }

                return new CompareCondition(fieldName, Bound(element, "gt", path, context), Bound(element, "ge", path, context),
                    Bound(element, "lt", path, context), Bound(element, "le", path, context));
        }
    }

    private static Regex Regex(JsonElement element, bool ignoreCase, string path, LogRuleContext context)
    {
        if (element.ValueKind != JsonValueKind.String || element.GetString()!.Length == 0)
        {
            throw context.Error(path, "must be a non-empty string");
        }

        // Non-backtracking: a rule file from configuration cannot make matching take exponential time.
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return new Regex(element.GetString()!, options);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw context.Error(path, $"bad regex: {ex.Message}");
        }
    }

    private static OutsideHoursCondition Hours(string field, JsonElement element, string path, LogRuleContext context)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("from", out var from) && element.TryGetProperty("to", out var to)
            && element.EnumerateObject().Count() == 2 && from.TryGetInt32(out var start) && to.TryGetInt32(out var end)
            && start is >= 0 and <= 23 && end is >= 1 and <= 24 && start < end)
        {
            return new OutsideHoursCondition(field, start, end);
        }

        throw context.Error(path, "must be {\"from\": H, \"to\": H} with 0 <= from < to <= 24 (working hours are [from, to))");
    }

    private static double? Bound(JsonElement element, string name, string path, LogRuleContext context)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw context.Error($"{path}.{name}", "must be a number");
    }

    private static string Literal(JsonElement value, string path, LogRuleContext context) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        // A number compares with the field's text as JSON spells it, so 4720 equals "4720".
        JsonValueKind.Number => value.GetRawText(),
        _ => throw context.Error(path, "must be a string or a number"),
    };
}
