using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Ml;

namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>Reads and checks a rule file; every error names the file, the rule and the JSON path.</summary>
internal static class LogRuleSetReader
{
    public const int MaxWindowSeconds = 86_400;
    public const int MaxThresholdCount = 100_000;

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private static readonly string[] RuleMembers =
        ["id", "log_type", "title", "description", "severity", "category", "key", "match", "threshold"];

    private static readonly string[] ThresholdMembers = ["count", "window_seconds", "distinct"];

    private static readonly string[] FieldOperators = ["equals", "in", "regex", "gt", "ge", "lt", "le", "outside_hours"];

    public static IReadOnlyList<LogRule> Read(ReadOnlySpan<byte> json, string origin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new LogRuleSetException($"{origin}: not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var context = new Context(origin, "(file)");
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw context.Error("", "the file must be an object with a rules array");
            }

            CheckMembers(root, ["rules"], context, "");
            if (!root.TryGetProperty("rules", out var rulesElement) || rulesElement.ValueKind != JsonValueKind.Array)
            {
                throw context.Error("rules", "required, an array of rules");
            }

            var rules = new List<LogRule>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in rulesElement.EnumerateArray())
            {
                var rule = ReadRule(element, origin, index++);
                if (!ids.Add(rule.Id))
                {
                    throw new LogRuleSetException($"{origin}: rule {rule.Id}: the id is used twice");
                }

                rules.Add(rule);
            }

            return rules;
        }
    }

    private static LogRule ReadRule(JsonElement element, string origin, int index)
    {
        var context = new Context(origin, $"#{index}");
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error("", "a rule must be an object");
        }

        var id = RequiredText(element, "id", context);
        if (id.Length > 64 || id.AsSpan().IndexOfAnyExcept(IdCharacters) >= 0)
        {
            throw context.Error("id", "use 1 to 64 lowercase letters, digits and '-'");
        }

        context = new Context(origin, id);
        CheckMembers(element, RuleMembers, context, "");
        var logType = RequiredText(element, "log_type", context);
        if (!LogTypeSchemas.TryGet(logType, out var schema))
        {
            throw context.Error("log_type", $"unknown log type '{logType}' (known: {string.Join(", ", LogTopics.All)})");
        }

        var title = RequiredText(element, "title", context);
        var severity = RequiredText(element, "severity", context);
        if (AlertSeverities.IndexOf(severity) < 0)
        {
            throw context.Error("severity", $"'{severity}' is not one of {string.Join(", ", AlertSeverities.All)}");
        }

        var category = RequiredText(element, "category", context);
        if (category == "normal" || !AttackCategoryNames.All.Contains(category))
        {
            throw context.Error("category", $"'{category}' is not one of dos, probe, r2l, u2r");
        }

        var key = RequiredText(element, "key", context);
        Field(schema, key, "key", context);
        if (!element.TryGetProperty("match", out var matchElement))
        {
            throw context.Error("match", "required");
        }

        var match = Condition(matchElement, schema, "match", context);
        LogRuleThreshold? threshold = null;
        if (element.TryGetProperty("threshold", out var thresholdElement))
        {
            threshold = Threshold(thresholdElement, schema, context);
        }

        if (element.TryGetProperty("description", out var description) && description.ValueKind != JsonValueKind.String)
        {
            throw context.Error("description", "must be a string");
        }

        return new LogRule(id, logType, title, severity, category, key, match, threshold);
    }

    private static LogRuleThreshold Threshold(JsonElement element, LogTypeSchema schema, Context context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error("threshold", "must be an object {count, window_seconds, distinct?}");
        }

        CheckMembers(element, ThresholdMembers, context, "threshold.");
        var count = Integer(element, "count", 1, MaxThresholdCount, context);
        var window = Integer(element, "window_seconds", 1, MaxWindowSeconds, context);
        string? distinct = null;
        if (element.TryGetProperty("distinct", out var distinctElement))
        {
            distinct = distinctElement.ValueKind == JsonValueKind.String
                ? distinctElement.GetString()!
                : throw context.Error("threshold.distinct", "must be a field name");
            Field(schema, distinct, "threshold.distinct", context);
        }

        return new LogRuleThreshold(count, window, distinct);
    }

    private static int Integer(JsonElement element, string name, int min, int max, Context context)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw context.Error("threshold." + name, "required");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw context.Error("threshold." + name, $"must be an integer from {min} to {max}");
        }

        return number;
    }

    private static LogCondition Condition(JsonElement element, LogTypeSchema schema, string path, Context context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error(path, "a condition must be an object: {all: [...]}, {any: [...]}, {not: {...}} or {field, operator}");
        }

        if (element.TryGetProperty("all", out var all) || element.TryGetProperty("any", out all))
        {
            var name = element.TryGetProperty("all", out _) ? "all" : "any";
            CheckMembers(element, [name], context, path + ".");
            if (all.ValueKind != JsonValueKind.Array || all.GetArrayLength() == 0)
            {
                throw context.Error($"{path}.{name}", "must be a non-empty array of conditions");
            }

            var parts = new LogCondition[all.GetArrayLength()];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = Condition(all[i], schema, $"{path}.{name}[{i}]", context);
            }

            return name == "all" ? new AllCondition(parts) : new AnyCondition(parts);
        }

        if (element.TryGetProperty("not", out var not))
        {
            CheckMembers(element, ["not"], context, path + ".");
            return new NotCondition(Condition(not, schema, path + ".not", context));
        }

        return FieldCondition(element, schema, path, context);
    }

    private static LogCondition FieldCondition(JsonElement element, LogTypeSchema schema, string path, Context context)
    {
        CheckMembers(element, [.. FieldOperators, "field", "ignore_case"], context, path + ".");
        var fieldName = RequiredText(element, "field", context, path + ".");
        var field = Field(schema, fieldName, path + ".field", context);
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

    private static Regex Regex(JsonElement element, bool ignoreCase, string path, Context context)
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

    private static OutsideHoursCondition Hours(string field, JsonElement element, string path, Context context)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("from", out var from) && element.TryGetProperty("to", out var to)
            && element.EnumerateObject().Count() == 2 && from.TryGetInt32(out var start) && to.TryGetInt32(out var end)
            && start is >= 0 and <= 23 && end is >= 1 and <= 24 && start < end)
        {
            return new OutsideHoursCondition(field, start, end);
        }

        throw context.Error(path, "must be {\"from\": H, \"to\": H} with 0 <= from < to <= 24 (working hours are [from, to))");
    }

    private static double? Bound(JsonElement element, string name, string path, Context context)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw context.Error($"{path}.{name}", "must be a number");
    }

    private static string Literal(JsonElement value, string path, Context context) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        // A number compares with the field's text as JSON spells it, so 4720 equals "4720".
        JsonValueKind.Number => value.GetRawText(),
        _ => throw context.Error(path, "must be a string or a number"),
    };

    private static LogField Field(LogTypeSchema schema, string name, string path, Context context) =>
        schema.TryGetField(name, out var field)
            ? field
            : throw context.Error(path, $"unknown field '{name}' for log type {schema.LogType} (known: {string.Join(", ", schema.Header)})");

    private static string RequiredText(JsonElement element, string name, Context context, string prefix = "")
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw context.Error(prefix + name, "required");
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw context.Error(prefix + name, "must be a non-empty string");
    }

    private static void CheckMembers(JsonElement element, string[] allowed, Context context, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw context.Error(prefix + property.Name, $"unknown member (allowed here: {string.Join(", ", allowed)})");
            }

            if (!seen.Add(property.Name))
            {
                throw context.Error(prefix + property.Name, "given twice");
            }
        }
    }

    private readonly record struct Context(string Origin, string Rule)
    {
        public LogRuleSetException Error(string path, string message) =>
            new(path.Length == 0 ? $"{Origin}: rule {Rule}: {message}" : $"{Origin}: rule {Rule}: {path}: {message}");
    }
}
