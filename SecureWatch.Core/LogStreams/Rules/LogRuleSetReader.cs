using System.Text.Json;
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
            var context = new LogRuleContext(origin, "(file)");
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
        var context = new LogRuleContext(origin, $"#{index}");
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error("", "a rule must be an object");
        }

        var id = RequiredText(element, "id", context);
        if (id.Length > 64 || id.AsSpan().IndexOfAnyExcept(IdCharacters) >= 0)
        {
            throw context.Error("id", "use 1 to 64 lowercase letters, digits and '-'");
        }

        context = new LogRuleContext(origin, id);
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

        var match = LogConditionReader.Read(matchElement, schema, "match", context);
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

    private static LogRuleThreshold Threshold(JsonElement element, LogTypeSchema schema, LogRuleContext context)
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

    private static int Integer(JsonElement element, string name, int min, int max, LogRuleContext context)
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

    internal static LogField Field(LogTypeSchema schema, string name, string path, LogRuleContext context) =>
        schema.TryGetField(name, out var field)
            ? field
            : throw context.Error(path, $"unknown field '{name}' for log type {schema.LogType} (known: {string.Join(", ", schema.Header)})");

    internal static string RequiredText(JsonElement element, string name, LogRuleContext context, string prefix = "")
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw context.Error(prefix + name, "required");
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw context.Error(prefix + name, "must be a non-empty string");
    }

    internal static void CheckMembers(JsonElement element, string[] allowed, LogRuleContext context, string prefix)
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
}
