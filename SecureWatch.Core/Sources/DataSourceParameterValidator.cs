using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Core.Sources;

/// <summary>
/// Validates a source's complete config_params object: only known keys, each of the right type and
/// range, required keys present. Errors name the key and the rule, so an operator can fix the request.
/// </summary>
public static partial class DataSourceParameterValidator
{
    private static readonly Dictionary<string, SourceParameter[]> Parameters = new(StringComparer.Ordinal)
    {
        [DataSourceNames.PacketCapture] =
        [
            SourceParameter.Text(SourceParameterNames.Topic, required: true, ValidateTopic),
            SourceParameter.Text(SourceParameterNames.Interface, required: true, ValidateInterface),
            SourceParameter.Text(SourceParameterNames.BpfFilter, required: true, static _ => null),
            SourceParameter.Integer(SourceParameterNames.BufferSize, required: true, 1, 1_000_000),
            SourceParameter.Integer(SourceParameterNames.SnapLength, required: false, 68, 262_144),
            SourceParameter.Flag(SourceParameterNames.Promiscuous),
        ],
        [DataSourceNames.ExternalKafka] =
        [
            SourceParameter.Text(SourceParameterNames.Topic, required: true, ValidateTopic),
            SourceParameter.Number(SourceParameterNames.RateLimitPerSecond, 0.001, 1_000_000),
            SourceParameter.Integer(SourceParameterNames.RateLimitBurst, required: false, 1, 1_000_000),
            SourceParameter.Flag(SourceParameterNames.RequireSignature),
        ],
        [DataSourceNames.InternalKafka] =
        [
            SourceParameter.Text(SourceParameterNames.Topic, required: true, ValidateTopic),
        ],
        [DataSourceNames.LogStreams] =
        [
            SourceParameter.TextList(SourceParameterNames.Topics, 1, MaxLogTopics, ValidateTopic),
        ],
    };

    public const int MaxLogTopics = 32;

    public static bool IsKnownSource(string sourceName) => Parameters.ContainsKey(sourceName);

    /// <summary>Returns the first problem found, or null when the parameters are valid.</summary>
    /// <param name="otherTopics">
    /// The topics of the other sources (name and topic; a source with several topics appears once per topic): no two
    /// sources share one.
    /// </param>
    public static string? Validate(string sourceName, JsonObject parameters, IEnumerable<KeyValuePair<string, string>>? otherTopics = null)
    {
        if (!Parameters.TryGetValue(sourceName, out var known))
        {
            return $"unknown data source '{sourceName}'";
        }

        foreach (var (key, _) in parameters)
        {
            if (Array.FindIndex(known, p => p.Name == key) < 0)
            {
                return $"unknown key '{key}' for source '{sourceName}'; known keys: {string.Join(", ", known.Select(p => p.Name))}";
            }
        }

        foreach (var parameter in known)
        {
            var node = parameters[parameter.Name];
            if (node is null)
            {
                if (parameter.Required)
                {
                    return $"'{parameter.Name}' is required for source '{sourceName}'";
                }

                continue;
            }

            var problem = parameter.Check(node);
            if (problem is not null)
            {
                return $"'{parameter.Name}': {problem}";
            }
        }

        var others = (otherTopics ?? []).Where(o => o.Key != sourceName).ToList();
        var topicKey = parameters.ContainsKey(SourceParameterNames.Topics) ? SourceParameterNames.Topics : SourceParameterNames.Topic;
        IEnumerable<string> topics = topicKey == SourceParameterNames.Topics
            ? parameters[SourceParameterNames.Topics]!.AsArray().Select(t => t!.GetValue<string>())
            : [parameters[SourceParameterNames.Topic]!.GetValue<string>()];
        foreach (var topic in topics)
        {
            var sharing = others.Where(o => o.Value == topic).Select(o => o.Key).FirstOrDefault();
            if (sharing is not null)
            {
                return $"'{topicKey}': '{topic}' is {(others.Count(o => o.Key == sharing) > 1 ? "a" : "the")} topic of source '{sharing}'; two sources may not share a topic";
            }
        }

        if (sourceName == DataSourceNames.PacketCapture)
        {
            return ValidateFilter(parameters);
        }

        return null;
    }

    private static string? ValidateFilter(JsonObject parameters)
    {
        var filter = parameters[SourceParameterNames.BpfFilter]!.GetValue<string>();
        if (filter.Length > 4096)
        {
            return $"'{SourceParameterNames.BpfFilter}': longer than 4096 characters";
        }

        // Interface "any" captures Linux cooked frames, where link-layer primitives such as "ether host" do not exist.
        var linkType = parameters[SourceParameterNames.Interface]!.GetValue<string>() == "any"
            ? BpfFilterCompiler.LinkTypeLinuxCooked
            : BpfFilterCompiler.LinkTypeEthernet;
        return BpfFilterCompiler.TryCompile(filter, linkType, out var error) ? null : $"'{SourceParameterNames.BpfFilter}': {error}";
    }

    private static string? ValidateTopic(string topic) =>
        KafkaTopicPattern().IsMatch(topic) && topic is not "." and not ".."
            ? PipelineHeaders.ReservedTopicProblem(topic) is { } reserved ? $"{reserved}; a source may not consume it" : null
            : "a Kafka topic name is 1-249 characters of letters, digits, '.', '_' and '-'";

    private static string? ValidateInterface(string name) =>
        InterfacePattern().IsMatch(name) && name is not "." and not ".."
            ? null
            : "an interface name is 'any' or 1-15 characters without '/', ':', whitespace or control characters";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,249}$")]
    private static partial Regex KafkaTopicPattern();

    // Linux IFNAMSIZ is 16 including the terminator; '/' and whitespace are refused by the kernel, ':' marks aliases.
    [GeneratedRegex(@"^[^/:\s\p{C}]{1,15}$")]
    private static partial Regex InterfacePattern();

    internal static string? CheckKind(JsonNode node, JsonValueKind expected, string description) =>
        node.GetValueKind() == expected ? null : $"must be {description}, got {node.GetValueKind().ToString().ToLowerInvariant()}";
}
