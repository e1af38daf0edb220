using System.Text;
using System.Text.Json.Nodes;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Tests.Traffic;

/// <summary>A record carries the contract's properties, each once: nothing unknown rides along or silently wins.</summary>
public sealed class TrafficRecordMemberTests
{
    private readonly SyntheticTrafficGenerator _generator = new(seed: 7);

    [Theory]
    [InlineData("{", """{"priority":"high",""", "priority")]
    [InlineData("{", """{"Flow":{},""", "Flow")]
    [InlineData("\"flow\":{", "\"flow\":{\"vlan\":7,", "vlan")]
    public void An_unknown_property_is_schema_invalid(string at, string replacement, string name)
    {
        var message = AssertSchemaInvalid(Insert(at, replacement));

        Assert.Contains($"'{name}'", message, StringComparison.Ordinal);
        Assert.Contains("does not define", message, StringComparison.Ordinal);
        Assert.Contains(at == "{" ? "the record" : "flow", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", """{"data_source":"external_kafka",""", "data_source", "the record")]
    [InlineData("\"flow\":{", "\"flow\":{\"src_ip\":\"10.9.9.9\",", "src_ip", "flow")]
    [InlineData("\"features\":{", "\"features\":{\"service\":\"telnet\",", "service", "features")]
    public void A_property_given_twice_is_schema_invalid(string at, string replacement, string name, string where)
    {
        var message = AssertSchemaInvalid(Insert(at, replacement));

        Assert.Contains($"{where} has property '{name}' more than once", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_is_quoted_bounded_and_printable()
    {
        var name = "x\\n" + new string('a', 5000);
        var message = AssertSchemaInvalid(Insert("{", $$"""{"{{name}}":1,"""));

        Assert.DoesNotContain(new string('a', 65), message, StringComparison.Ordinal);
        Assert.True(message.Length < 200, message);
        Assert.DoesNotContain(message, char.IsControl);
    }

    [Fact]
    public void The_json_schema_allows_no_other_properties_either()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath()))!;

        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.False(schema["properties"]!["flow"]!["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void A_record_as_the_agent_and_producers_write_it_is_accepted()
    {
        var json = TrafficRecordJson.Serialize(_generator.Next(DataSourceNames.ExternalKafka, "198.51.100.7"));

        Assert.True(TrafficRecordParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out _, out var message), message);
    }

    private string Insert(string at, string replacement)
    {
        var json = TrafficRecordJson.Serialize(_generator.Next(DataSourceNames.InternalKafka, null));
        var index = json.IndexOf(at, StringComparison.Ordinal);
        Assert.True(index >= 0, json);
        return string.Concat(json.AsSpan(0, index), replacement, json.AsSpan(index + at.Length));
    }

    private static string AssertSchemaInvalid(string json)
    {
        var accepted = TrafficRecordParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var reason, out var message);

        Assert.False(accepted, "accepted: " + json[..Math.Min(json.Length, 200)]);
        Assert.Equal(RejectReasons.SchemaInvalid, reason);
        return message;
    }

    private static string SchemaPath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "../../../SecureWatch.Core/Traffic/securewatch.traffic.v1.schema.json");
}
