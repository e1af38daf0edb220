using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecureWatch.Core.Sources;

/// <summary>One known key of a source's config_params and the rule its value must satisfy.</summary>
internal sealed class SourceParameter
{
    private readonly Func<JsonNode, string?> _check;

    private SourceParameter(string name, bool required, Func<JsonNode, string?> check)
    {
        Name = name;
        Required = required;
        _check = check;
    }

    public string Name { get; }

    public bool Required { get; }

    public string? Check(JsonNode value) => _check(value);

    public static SourceParameter Text(string name, bool required, Func<string, string?> validate) =>
        new(name, required, node =>
            DataSourceParameterValidator.CheckKind(node, JsonValueKind.String, "a string")
            ?? validate(node.GetValue<string>()));

    public static SourceParameter Integer(string name, bool required, long min, long max) =>
        new(name, required, node =>
            DataSourceParameterValidator.CheckKind(node, JsonValueKind.Number, "an integer")
            ?? (node.AsValue().TryGetValue(out long value) && value >= min && value <= max
                ? null
                : $"must be an integer from {min} to {max}"));

    public static SourceParameter Number(string name, double min, double max) =>
        new(name, required: false, node =>
            DataSourceParameterValidator.CheckKind(node, JsonValueKind.Number, "a number")
            ?? (node.GetValue<double>() is var value && value >= min && value <= max
                ? null
                : $"must be a number from {min} to {max}"));

    /// <summary>An array of <paramref name="min"/> to <paramref name="max"/> distinct strings, each checked by <paramref name="validate"/>.</summary>
    public static SourceParameter TextList(string name, int min, int max, Func<string, string?> validate) =>
        new(name, required: true, node =>
        {
            if (DataSourceParameterValidator.CheckKind(node, JsonValueKind.Array, "an array of strings") is { } kind)
            {
                return kind;
            }

            var items = node.AsArray();
            if (items.Count < min || items.Count > max)
            {
                return $"must hold {min} to {max} entries, got {items.Count}";
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not { } item || item.GetValueKind() != JsonValueKind.String)
                {
                    return $"[{i}] must be a string";
                }

                var text = item.GetValue<string>();
                if (validate(text) is { } problem)
                {
                    return $"[{i}] '{text}': {problem}";
                }

                if (!seen.Add(text))
                {
                    return $"[{i}] '{text}' is listed twice";
                }
            }

            return null;
        });

    public static SourceParameter Flag(string name) =>
        new(name, required: false, node =>
            node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false");
}
