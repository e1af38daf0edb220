using System.Text;
using System.Text.Json.Nodes;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Tests.Traffic;

/// <summary>Values the contract must refuse before they reach PostgreSQL, predictions, SignalR or dead-letter headers.</summary>
public sealed class TrafficRecordContractTests
{
    private readonly SyntheticTrafficGenerator _generator = new(seed: 5);

    [Theory]
    [InlineData("ftp\u0000data")]
    [InlineData("ftp\ndata")]
    [InlineData("ftp\u001bdata")]
    [InlineData("ftp\u0085data")]
    [InlineData("")]
    public void A_feature_string_with_a_control_character_or_empty_is_schema_invalid(string service)
    {
        var json = Valid();
        json["features"]!["service"] = service;

        AssertSchemaInvalid(json, "service");
    }

    [Fact]
    public void A_feature_string_longer_than_the_cap_is_schema_invalid()
    {
        var json = Valid();
        json["features"]!["service"] = new string('a', TrafficContract.MaxFeatureTextLength + 1);

        AssertSchemaInvalid(json, "service");
    }

    [Fact]
    public void A_feature_string_at_the_cap_is_accepted()
    {
        var json = Valid();
        json["features"]!["service"] = new string('a', TrafficContract.MaxFeatureTextLength);

        Assert.True(TrafficRecordParser.TryParse(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out _, out var message), message);
    }

    [Fact]
    public void The_json_schema_states_the_same_caps()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath()))!;
        var service = schema["properties"]!["features"]!["properties"]!["service"]!;

        Assert.Equal(TrafficContract.MaxFeatureTextLength, service["maxLength"]!.GetValue<int>());
        Assert.Equal(TrafficContract.FeatureTextPattern, service["pattern"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("fe80::1%<img src=x onerror=alert(1)>")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%25")]
    [InlineData("10.0.0.1\r\nX-Injected: 1")]
    [InlineData("10.0.0.1\u0000")]
    [InlineData(" 10.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.1")]
    [InlineData("[2001:db8::1]")]
    [InlineData("")]
    public void An_address_that_is_not_a_plain_address_is_schema_invalid_in_every_address_field(string address)
    {
        foreach (var field in new[] { "sender_ip", "src_ip", "dst_ip" })
        {
            var json = Valid();
            (field == "sender_ip" ? json : json["flow"]!.AsObject())[field] = address;

            AssertSchemaInvalid(json, field);
        }
    }

    [Fact]
    public void A_five_thousand_character_address_is_refused_without_being_echoed()
    {
        var json = Valid();
        json["sender_ip"] = "fe80::1%" + new string('x', 5000);

        AssertSchemaInvalid(json, "sender_ip");
        Assert.False(TrafficRecordParser.TryParse(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out _, out var message));
        Assert.True(message.Length < 200, message);
    }

    [Theory]
    [InlineData("::ffff:203.0.113.20", "203.0.113.20")]
    [InlineData("::FFFF:cb00:7114", "203.0.113.20")]
    [InlineData("2001:0DB8:0:0::1", "2001:db8::1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("2001:DB8::AB", "2001:db8::ab")]
    [InlineData("198.51.100.7", "198.51.100.7")]
    public void Addresses_are_canonical_from_parse_time_on(string sent, string canonical)
    {
        var json = Valid();
        json["sender_ip"] = sent;
        json["flow"]!["src_ip"] = sent;
        json["flow"]!["dst_ip"] = sent;

        Assert.True(TrafficRecordParser.TryParse(Encoding.UTF8.GetBytes(json.ToJsonString()), out var record, out _, out var message), message);
        Assert.Equal(canonical, record.SenderIp);
        Assert.Equal(canonical, record.Flow.SrcIp);
        Assert.Equal(canonical, record.Flow.DstIp);
    }

    private JsonObject Valid() =>
        JsonNode.Parse(TrafficRecordJson.Serialize(_generator.Next(DataSourceNames.InternalKafka, null)))!.AsObject();

    private static void AssertSchemaInvalid(JsonObject json, string field)
    {
        var accepted = TrafficRecordParser.TryParse(Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var reason, out var message);

        Assert.False(accepted);
        Assert.Equal(RejectReasons.SchemaInvalid, reason);
        Assert.Contains(field, message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, char.IsControl);
    }

    private static string SchemaPath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "../../../SecureWatch.Core/Traffic/securewatch.traffic.v1.schema.json");
}
