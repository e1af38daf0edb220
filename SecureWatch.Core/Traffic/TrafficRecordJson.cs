using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SecureWatch.Core.Features;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Traffic;

/// <summary>
/// JSON form of <see cref="TrafficRecord"/> (snake_case, RFC 3339 UTC timestamps), with the checks a
/// consumer needs before trusting a message from the wire.
/// </summary>
public static class TrafficRecordJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    // The schema's additionalProperties false, and one value per name (a second data_source or src_ip would otherwise
    // silently win). Only for reading records off the wire: predictions and stored features keep the lenient options.
    private static readonly JsonSerializerOptions ReadOptions = CreateReadOptions();

    private static readonly HashSet<string> RecordNames = MemberNames(typeof(TrafficRecord));

    private static readonly HashSet<string> FlowNames = MemberNames(typeof(TrafficFlow));

    public static string Serialize(TrafficRecord record) => JsonSerializer.Serialize(record, Options);

    public static byte[] SerializeToUtf8Bytes(TrafficRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

    public static void Serialize(Utf8JsonWriter writer, TrafficRecord record) => JsonSerializer.Serialize(writer, record, Options);

    /// <summary>Parses and validates one message; throws <see cref="JsonException"/> saying what is wrong.</summary>
    public static TrafficRecord Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        TrafficRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<TrafficRecord>(utf8Json, ReadOptions);
        }
        catch (JsonException ex) when (TrafficRecordMembers.FindOffending(utf8Json, RecordNames, FlowNames) is { } problem)
        {
            // System.Text.Json's own message and path quote the whole name, however long the sender made it.
            throw new JsonException(problem, ex);
        }

        return Validate(record ?? throw new JsonException("A traffic record must be a JSON object."));
    }

    public static TrafficRecord Deserialize(string json) => Deserialize(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Checks the parts of the contract the type system cannot express and returns the record with its addresses in
    /// canonical form (<see cref="CanonicalAddress"/>), the only form anything downstream sees.
    /// </summary>
    public static TrafficRecord Validate(TrafficRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Schema != TrafficContract.Schema)
        {
            throw new JsonException($"schema must be '{TrafficContract.Schema}'.");
        }

        if (record.DataSource is null || !DataSourceNames.All.Contains(record.DataSource))
        {
            throw new JsonException($"data_source must be one of {string.Join(", ", DataSourceNames.All)}.");
        }

        // An external record without its sender could never be checked against the whitelist.
        if (record.DataSource == DataSourceNames.ExternalKafka && string.IsNullOrEmpty(record.SenderIp))
        {
            throw new JsonException("sender_ip is required when data_source is external_kafka.");
        }

        var senderIp = record.SenderIp is null ? null : CanonicalText("sender_ip", record.SenderIp);
        if (record.Flow is null || record.Flow.Protocol is not (TrafficContract.Tcp or TrafficContract.Udp or TrafficContract.Icmp))
        {
            throw new JsonException("flow.protocol must be tcp, udp or icmp.");
        }

        var flow = record.Flow with { SrcIp = CanonicalText("flow.src_ip", record.Flow.SrcIp), DstIp = CanonicalText("flow.dst_ip", record.Flow.DstIp) };
        if (record.Flow.SrcPort is < 0 or > 65535 || record.Flow.DstPort is < 0 or > 65535)
        {
            throw new JsonException("flow.src_port and flow.dst_port must be from 0 to 65535.");
        }

        if (!KddFeatureSet.TryGet(record.FeatureSet, out var set))
        {
            throw new JsonException("feature_set must be kdd41 or header28.");
        }

        if (record.Features is null)
        {
            throw new JsonException("features is missing.");
        }

        foreach (var name in set.Names)
        {
            if (!record.Features.TryGetValue(name, out var value))
            {
                throw new JsonException($"feature '{name}' is missing.");
            }

            if (value.IsSymbolic != KddFeatureSet.SymbolicNames.Contains(name))
            {
                throw new JsonException($"feature '{name}' must be a {(value.IsSymbolic ? "number" : "string")}.");
            }

            if (!value.IsSymbolic && !double.IsFinite(value.Number))
            {
                throw new JsonException($"feature '{name}' must be a finite number.");
            }

            if (value.IsSymbolic && CheckFeatureText(value.Text!) is { } problem)
            {
                throw new JsonException($"feature '{name}' {problem}.");
            }
        }

        if (record.Features.Count != set.Count)
        {
            var extra = record.Features.Keys.Where(name => !set.Names.Contains(name));
            throw new JsonException($"features of {set.Name} must not include {string.Join(", ", extra.Take(5).Select(TrafficRecordMembers.Quote))}.");
        }

        return record.SenderIp == senderIp && record.Flow == flow ? record : record with { SenderIp = senderIp, Flow = flow };
    }

    private static string CanonicalText(string field, string? text) =>
        CanonicalAddress.TryCanonicalize(text, out var canonical, out var error)
            ? canonical
            : throw new JsonException($"{field} must be a plain IPv4 or IPv6 address: {error}");

    // Same rule as TrafficContract.FeatureTextPattern (char.IsControl is exactly C0, DEL and C1).
    private static string? CheckFeatureText(string text) =>
        text.Length == 0 ? "must not be empty"
        : text.Length > TrafficContract.MaxFeatureTextLength ? $"is longer than {TrafficContract.MaxFeatureTextLength} characters"
        : text.Any(char.IsControl) ? "must not contain control characters"
        : null;

    private static HashSet<string> MemberNames(Type type) =>
        new(Options.GetTypeInfo(type).Properties.Select(p => p.Name), StringComparer.Ordinal);

    private static JsonSerializerOptions CreateReadOptions()
    {
        var options = new JsonSerializerOptions(Options) { AllowDuplicateProperties = false };
        options.TypeInfoResolver = options.TypeInfoResolver!.WithAddedModifier(static info =>
        {
            if (info.Type == typeof(TrafficRecord) || info.Type == typeof(TrafficFlow))
            {
                info.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            }
        });
        options.MakeReadOnly();
        return options;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new Rfc3339UtcTimestampJsonConverter());

        // Schema has a default so that producers need not set it, but on the wire it is required like the rest.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                static info =>
                {
                    if (info.Type == typeof(TrafficRecord))
                    {
                        info.Properties.Single(p => p.Name == "schema").IsRequired = true;
                    }
                },
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
