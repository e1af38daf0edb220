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
            SourceParameter.Text("topic", required: true, ValidateTopic),
            SourceParameter.Text("interface", required: true, ValidateInterface),
            SourceParameter.Text("bpf_filter", required: true, static _ => null),
            SourceParameter.Integer("buffer_size", required: true, 1, 1_000_000),
            SourceParameter.Integer("snaplen", required: false, 68, 262_144),
            SourceParameter.Flag("promiscuous"),
        ],
        [DataSourceNames.ExternalKafka] =
        [
            SourceParameter.Text("topic", required: true, ValidateTopic),
            SourceParameter.Number("rate_limit_per_second", 0.001, 1_000_000),
            SourceParameter.Integer("rate_limit_burst", required: false, 1, 1_000_000),
            SourceParameter.Flag(SourceSettingsSynchronizer.RequireSignatureKey),
        ],
        [DataSourceNames.InternalKafka] =
        [
            SourceParameter.Text("topic", required: true, ValidateTopic),
        ],
        [DataSourceNames.LogStreams] =
        [
            SourceParameter.TextList(TopicsKey, 1, MaxLogTopics, ValidateTopic),
        ],
    };

    /// <summary>The log_streams key listing its topics.</summary>
    public const string TopicsKey = "topics";

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
        var topicKey = parameters.ContainsKey(TopicsKey) ? TopicsKey : "topic";
        IEnumerable<string> topics = topicKey == TopicsKey
            ? parameters[TopicsKey]!.AsArray().Select(t => t!.GetValue<string>())
            : [parameters["topic"]!.GetValue<string>()];
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
        var filter = parameters["bpf_filter"]!.GetValue<string>();
        if (filter.Length > 4096)
        {
            return "'bpf_filter': longer than 4096 characters";
        }

        // Interface "any" captures Linux cooked frames, where link-layer primitives such as "ether host" do not exist.
        var linkType = parameters["interface"]!.GetValue<string>() == "any"
            ? BpfFilterCompiler.LinkTypeLinuxCooked
            : BpfFilterCompiler.LinkTypeEthernet;
        return BpfFilterCompiler.TryCompile(filter, linkType, out var error) ? null : $"'bpf_filter': {error}";
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
