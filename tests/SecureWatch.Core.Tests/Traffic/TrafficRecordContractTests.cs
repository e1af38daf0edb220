using System.Text;
using System.Text.Json.Nodes;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Tests.Traffic;

/// <summary>Values the contract must refuse before they reach PostgreSQL, predictions, SignalR or dead-letter headers.</summary>
public sealed class TrafficRecordContractTests
{
    private readonly SyntheticTrafficGenerator generator = new(seed: 5);

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

    private JsonObject Valid() =>
        JsonNode.Parse(TrafficRecordJson.Serialize(generator.Next(TrafficContract.InternalKafkaSource, null)))!.AsObject();

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
