using System.Text;
using System.Text.Json.Nodes;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Core.Tests.LogStreams;

public sealed class LogEnvelopeParserTests
{
    // The design document's example, with a CERT logon row as data.
    private const string DesignExample = """
        { "timestamp": "2024-01-01 12:00:00", "log_type": "logon", "topic": "logon",
          "batch_info": { "file_cycle": "1", "batch_number": "1", "record_in_batch": "1", "batch_size": "100" },
          "total_records_sent": "1", "data": { "id": "{X1D9-S0ES98JV-5357PWMI}", "date": "01/02/2010 06:49:00", "user": "NGF0157", "pc": "PC-6056", "activity": "Logon" } }
        """;

    [Fact]
    public void The_design_example_is_accepted_exactly()
    {
        Assert.True(LogEnvelopeParser.TryParse(Encoding.UTF8.GetBytes(DesignExample), out var envelope, out var reason, out var detail), detail);

        Assert.Null(reason);
        Assert.Equal("logon", envelope!.LogType);
        Assert.Equal("logon", envelope.Topic);
        Assert.Equal("2024-01-01 12:00:00", envelope.Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), envelope.ParsedTimestamp);
        Assert.Equal(new LogBatchInfo(1, 1, 1, 100), envelope.BatchInfo);
        Assert.Equal(1, envelope.TotalRecordsSent);
        Assert.Equal("NGF0157", envelope.GetField("user"));
        Assert.Null(envelope.GetField("url"));
    }

    [Fact]
    public void Counters_may_be_json_numbers()
    {
        var json = Node();
        json["batch_info"] = new JsonObject { ["file_cycle"] = 2, ["batch_number"] = 7, ["record_in_batch"] = 42, ["batch_size"] = 100 };
        json["total_records_sent"] = 1242;

        var envelope = AssertAccepted(json);

        Assert.Equal(new LogBatchInfo(2, 7, 42, 100), envelope.BatchInfo);
        Assert.Equal(1242, envelope.TotalRecordsSent);
    }

    [Fact]
    public void Only_log_type_topic_and_data_are_required_and_data_keeps_numbers()
    {
        var envelope = AssertAccepted(JsonNode.Parse("""{"log_type":"netflow","topic":"netflow","data":{"dst_port":445,"ok":true,"x":null}}""")!);

        Assert.Null(envelope.Timestamp);
        Assert.Null(envelope.ParsedTimestamp);
        Assert.Null(envelope.BatchInfo);
        Assert.Equal("445", envelope.GetField("dst_port"));
        Assert.Equal("true", envelope.GetField("ok"));
        Assert.Null(envelope.GetField("x"));
    }

    [Fact]
    public void Data_outlives_the_message_buffer()
    {
        var bytes = Encoding.UTF8.GetBytes(DesignExample);
        Assert.True(LogEnvelopeParser.TryParse(bytes, out var envelope, out _, out _));
        Array.Clear(bytes);

        Assert.Equal("PC-6056", envelope!.GetField("pc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"log_type\":\"logon\"} trailing")]
    public void Malformed_json_is_not_json(string text) => AssertRejected(Encoding.UTF8.GetBytes(text), RejectReasons.NotJson);

    [Fact]
    public void Invalid_utf8_is_not_json()
    {
        var bytes = Encoding.UTF8.GetBytes(DesignExample.Replace("NGF0157", "NGF\u00e90157", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28;

        AssertRejected(bytes, RejectReasons.NotJson);
    }

    [Fact]
    public void More_than_64_KiB_is_oversized()
    {
        var json = Node();
        json["data"]!["url"] = new string('a', LogEnvelopeParser.MaxBytes);

        AssertRejected(Encoding.UTF8.GetBytes(json.ToJsonString()), RejectReasons.Oversized);
    }

    [Fact]
    public void Exactly_64_KiB_is_accepted()
    {
        var json = Node();
        json["data"]!["url"] = "";
        var padding = LogEnvelopeParser.MaxBytes - Encoding.UTF8.GetByteCount(json.ToJsonString());
        json["data"]!["url"] = new string('a', padding);
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());

        Assert.Equal(LogEnvelopeParser.MaxBytes, bytes.Length);
        Assert.True(LogEnvelopeParser.TryParse(bytes, out _, out _, out var detail), detail);
    }

    [Theory]
    [InlineData("""[1]""", "object")]
    [InlineData("""{"topic":"logon","data":{}}""", "log_type")]
    [InlineData("""{"log_type":"logon","data":{}}""", "topic")]
    [InlineData("""{"log_type":"logon","topic":"logon"}""", "data")]
    [InlineData("""{"log_type":"logon","topic":"logon","data":[]}""", "data")]
    [InlineData("""{"log_type":"logon","topic":"logon","data":{"a":{"b":1}}}""", "data.\"a\"")]
    [InlineData("""{"log_type":"logon","topic":"logon","data":{"a":"1","a":"2"}}""", "duplicate")]
    [InlineData("""{"log_type":"logon","log_type":"http","topic":"logon","data":{}}""", "duplicate")]
    [InlineData("""{"log_type":"logon","topic":"logon","data":{},"extra":1}""", "unknown member")]
    [InlineData("""{"log_type":"","topic":"logon","data":{}}""", "log_type")]
    [InlineData("""{"log_type":"logon","topic":"log on","data":{}}""", "topic")]
    [InlineData("""{"log_type":1,"topic":"logon","data":{}}""", "log_type")]
    [InlineData("""{"log_type":"logon","topic":"logon","timestamp":"yesterday","data":{}}""", "timestamp")]
    [InlineData("""{"log_type":"logon","topic":"logon","timestamp":17,"data":{}}""", "timestamp")]
    [InlineData("""{"log_type":"logon","topic":"logon","total_records_sent":"-1","data":{}}""", "total_records_sent")]
    [InlineData("""{"log_type":"logon","topic":"logon","total_records_sent":1.5,"data":{}}""", "total_records_sent")]
    [InlineData("""{"log_type":"logon","topic":"logon","total_records_sent":" 1","data":{}}""", "total_records_sent")]
    [InlineData("""{"log_type":"logon","topic":"logon","batch_info":{"file_cycle":"1","batch_number":"1","record_in_batch":"1"},"data":{}}""", "batch_size")]
    [InlineData("""{"log_type":"logon","topic":"logon","batch_info":{"file_cycle":"1","batch_number":"1","record_in_batch":"1","batch_size":"1","x":"1"},"data":{}}""", "batch_info")]
    [InlineData("""{"log_type":"logon","topic":"logon","batch_info":"1","data":{}}""", "batch_info")]
    [InlineData("""{"log_type":"logon","topic":"logon","data":{"user":"\ud800"}}""", "")]
    public void Envelopes_breaking_the_schema_are_schema_invalid(string text, string detailPart)
    {
        var detail = AssertRejected(Encoding.UTF8.GetBytes(text), RejectReasons.SchemaInvalid);

        Assert.Contains(detailPart, detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_schema_file_states_the_same_members_and_limits()
    {
        var schema = JsonNode.Parse(File.ReadAllText(LogStreamsPaths.EnvelopeSchema))!;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(["log_type", "topic", "data"], schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(
            ["timestamp", "log_type", "topic", "batch_info", "total_records_sent", "data"],
            schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(LogEnvelopeParser.MaxNameLength, schema["$defs"]!["name"]!["maxLength"]!.GetValue<int>());
        Assert.Contains(LogEnvelopeParser.MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), schema["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonNode Node() => JsonNode.Parse(DesignExample)!;

    private static LogEnvelope AssertAccepted(JsonNode json)
    {
        Assert.True(LogEnvelopeParser.TryParse(Encoding.UTF8.GetBytes(json.ToJsonString()), out var envelope, out _, out var detail), detail);
        return envelope!;
    }

    private static string AssertRejected(byte[] bytes, string expectedReason)
    {
        Assert.False(LogEnvelopeParser.TryParse(bytes, out var envelope, out var reason, out var detail));
        Assert.Null(envelope);
        Assert.Equal(expectedReason, reason);
        Assert.False(string.IsNullOrEmpty(detail));
        return detail!;
    }
}
