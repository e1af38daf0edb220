using System.Text.Json;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.Core.Features;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Tests.Traffic;

public sealed class TrafficRecordJsonTests
{
    [Fact]
    public void Serialises_snake_case_with_an_rfc3339_utc_timestamp_and_bare_feature_values()
    {
        var record = Header28Record();

        using var json = JsonDocument.Parse(TrafficRecordJson.Serialize(record));
        var root = json.RootElement;

        Assert.Equal(["schema", "event_id", "observed_at", "data_source", "flow", "feature_set", "features"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("securewatch.traffic.v1", root.GetProperty("schema").GetString());
        Assert.Equal("2026-11-21T10:20:30.123456Z", root.GetProperty("observed_at").GetString());
        Assert.Equal(["src_ip", "dst_ip", "src_port", "dst_port", "protocol"], root.GetProperty("flow").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, root.GetProperty("features").GetProperty("flag").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("features").GetProperty("count").ValueKind);
        Assert.Equal(0.25, root.GetProperty("features").GetProperty("serror_rate").GetDouble());
    }

    [Fact]
    public void Round_trips()
    {
        var record = Header28Record() with { SenderIp = "192.0.2.7", DataSource = DataSourceNames.ExternalKafka };

        var back = TrafficRecordJson.Deserialize(TrafficRecordJson.SerializeToUtf8Bytes(record));

        Assert.Equal(record.EventId, back.EventId);
        Assert.Equal(record.ObservedAt, back.ObservedAt);
        Assert.Equal(record.Flow, back.Flow);
        Assert.Equal("192.0.2.7", back.SenderIp);
        Assert.Equal(record.Features.OrderBy(p => p.Key), back.Features.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("\"schema\":\"securewatch.traffic.v1\"", "\"schema\":\"securewatch.traffic.v2\"", "schema")]
    [InlineData("\"feature_set\":\"header28\"", "\"feature_set\":\"kdd40\"", "feature_set")]
    [InlineData("\"flag\":\"SF\"", "\"flag\":3", "flag")]
    [InlineData("\"count\":4", "\"count\":\"4\"", "count")]
    [InlineData("\"count\":4,", "", "count")]
    [InlineData("\"protocol\":\"tcp\"", "\"protocol\":\"sctp\"", "protocol")]
    [InlineData("\"data_source\":\"packet_capture\"", "\"data_source\":\"pigeon\"", "data_source")]
    public void Rejects_messages_that_break_the_contract(string original, string replacement, string mentioned)
    {
        var json = TrafficRecordJson.Serialize(Header28Record());
        Assert.Contains(original, json, StringComparison.Ordinal);

        var error = Assert.ThrowsAny<JsonException>(() => TrafficRecordJson.Deserialize(json.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_schema_describes_the_same_contract()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath()));
        var root = schema.RootElement;
        var serialised = JsonDocument.Parse(TrafficRecordJson.Serialize(Header28Record())).RootElement;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal(
            serialised.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
            root.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        var header28 = root.GetProperty("allOf")[0].GetProperty("then").GetProperty("properties").GetProperty("features").GetProperty("required");
        Assert.Equal(KddFeatureSet.Header28.Names, header28.EnumerateArray().Select(e => e.GetString()!));
        var kdd41 = root.GetProperty("allOf")[1].GetProperty("then").GetProperty("properties").GetProperty("features").GetProperty("required");
        Assert.Equal(KddFeatureSet.Kdd41.Names, kdd41.EnumerateArray().Select(e => e.GetString()!));
        var flags = root.GetProperty("properties").GetProperty("features").GetProperty("properties").GetProperty("flag").GetProperty("enum");
        Assert.Equal(Enum.GetNames<KddFlag>().Order(StringComparer.Ordinal), flags.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
    }

    private static string SchemaPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureWatch.slnx")))
            {
                return Path.Combine(directory.FullName, "SecureWatch.Core", "Traffic", "securewatch.traffic.v1.schema.json");
            }
        }

        throw new FileNotFoundException("SecureWatch.slnx not found above the test directory.");
    }

    private static TrafficRecord Header28Record()
    {
        var features = KddFeatureSet.Header28.Names.ToDictionary(name => name, _ => (TrafficFeatureValue)0.0);
        features["protocol_type"] = "tcp";
        features["service"] = "http";
        features["flag"] = "SF";
        features["count"] = 4;
        features["serror_rate"] = 0.25;
        return new TrafficRecord
        {
            EventId = Guid.Parse("6b0c6a43-1bd2-4c55-9a3c-3f7f3b1d2e10"),
            ObservedAt = new DateTimeOffset(2026, 11, 21, 11, 20, 30, TimeSpan.FromHours(1)).AddTicks(1234560),
            DataSource = DataSourceNames.PacketCapture,
            Flow = new TrafficFlow("10.0.0.1", "10.0.0.2", 40000, 80, "tcp"),
            FeatureSet = "header28",
            Features = features,
        };
    }
}
