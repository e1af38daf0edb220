using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SecureWatch.Core.Features;

namespace SecureWatch.Core.Traffic;

/// <summary>
/// JSON form of <see cref="TrafficRecord"/> (snake_case, RFC 3339 UTC timestamps), with the checks a
/// consumer needs before trusting a message from the wire.
/// </summary>
public static class TrafficRecordJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(TrafficRecord record) => JsonSerializer.Serialize(record, Options);

    public static byte[] SerializeToUtf8Bytes(TrafficRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

    public static void Serialize(Utf8JsonWriter writer, TrafficRecord record) => JsonSerializer.Serialize(writer, record, Options);

    /// <summary>Parses and validates one message; throws <see cref="JsonException"/> saying what is wrong.</summary>
    public static TrafficRecord Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var record = JsonSerializer.Deserialize<TrafficRecord>(utf8Json, Options)
            ?? throw new JsonException("A traffic record must be a JSON object.");
        Validate(record);
        return record;
    }

    public static TrafficRecord Deserialize(string json)
    {
        var record = JsonSerializer.Deserialize<TrafficRecord>(json, Options)
            ?? throw new JsonException("A traffic record must be a JSON object.");
        Validate(record);
        return record;
    }

    /// <summary>Checks the parts of the contract the type system cannot express.</summary>
    public static void Validate(TrafficRecord record)
    {
        if (record.Schema != TrafficContract.Schema)
        {
            throw new JsonException($"schema must be '{TrafficContract.Schema}', not '{record.Schema}'.");
        }

        if (record.DataSource is not (TrafficContract.PacketCaptureSource or TrafficContract.ExternalKafkaSource
            or TrafficContract.InternalKafkaSource))
        {
            throw new JsonException($"data_source '{record.DataSource}' is not known.");
        }

        // An external record without its sender could never be checked against the whitelist.
        if (record.DataSource == TrafficContract.ExternalKafkaSource && string.IsNullOrEmpty(record.SenderIp))
        {
            throw new JsonException("sender_ip is required when data_source is external_kafka.");
        }

        if (record.SenderIp is not null && !IPAddress.TryParse(record.SenderIp, out _))
        {
            throw new JsonException("sender_ip must be an IPv4 or IPv6 address.");
        }

        if (record.Flow is null || record.Flow.Protocol is not (TrafficContract.Tcp or TrafficContract.Udp or TrafficContract.Icmp))
        {
            throw new JsonException("flow.protocol must be tcp, udp or icmp.");
        }

        if (record.Flow.SrcIp is null || !IPAddress.TryParse(record.Flow.SrcIp, out _)
            || record.Flow.DstIp is null || !IPAddress.TryParse(record.Flow.DstIp, out _))
        {
            throw new JsonException("flow.src_ip and flow.dst_ip must be IPv4 or IPv6 addresses.");
        }

        if (record.Flow.SrcPort is < 0 or > 65535 || record.Flow.DstPort is < 0 or > 65535)
        {
            throw new JsonException("flow.src_port and flow.dst_port must be from 0 to 65535.");
        }

        if (!KddFeatureSet.TryGet(record.FeatureSet, out var set))
        {
            throw new JsonException($"feature_set '{record.FeatureSet}' is not known.");
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
            throw new JsonException($"features of {set.Name} must not include {string.Join(", ", extra)}.");
        }
    }

    // Same rule as TrafficContract.FeatureTextPattern (char.IsControl is exactly C0, DEL and C1).
    private static string? CheckFeatureText(string text) =>
        text.Length == 0 ? "must not be empty"
        : text.Length > TrafficContract.MaxFeatureTextLength ? $"is longer than {TrafficContract.MaxFeatureTextLength} characters"
        : text.Any(char.IsControl) ? "must not contain control characters"
        : null;

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
