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

    public static SourceParameter Flag(string name) =>
        new(name, required: false, node =>
            node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false");
}
