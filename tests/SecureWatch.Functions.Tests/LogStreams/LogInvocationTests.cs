using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.LogStreams;

/// <summary>Functions mode: a host-shaped Kafka trigger batch to a log function answers with SignalR group messages.</summary>
public sealed class LogInvocationTests(CustomHandlerHostFixture fixture) : IClassFixture<CustomHandlerHostFixture>
{
    [Fact]
    public async Task A_batch_to_a_log_function_returns_group_messages_for_the_valid_and_dead_letters_for_the_rest()
    {
        using (var admin = fixture.Host.CreateClient())
        {
            var enabled = await admin.PatchAsJsonAsync("/api/v1/config/sources/log_streams", new { is_enabled = true });
            Assert.True(enabled.IsSuccessStatusCode);
        }

        var catalog = fixture.Host.GetRequiredService<SourceCatalog>();
        var clock = Stopwatch.StartNew();
        while (!(catalog.TryGetByName(DataSourceNames.LogStreams, out var source) && source.IsEnabled) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        var valid = LogStreamsTestBed.Envelope("logon", new Dictionary<string, string> { ["user"] = "FN0001", ["activity"] = "Logon" });
        var events = new[] { Event("logon", 7, valid), Event("logon", 8, "not json") };
        var records = JsonSerializer.Serialize(JsonSerializer.Serialize(events));
        var invocation = "{\"Data\": {\"records\": " + records + "}, \"Metadata\": {}}";
        using var client = fixture.Host.CreateClient(key: null);
        using var content = new StringContent(invocation, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/LogsLogon", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);

        var outputs = JsonDocument.Parse(body).RootElement.GetProperty("Outputs");
        var message = Assert.Single(outputs.GetProperty(LogFunction.SignalRBinding).EnumerateArray());
        Assert.Equal("log", message.GetProperty("target").GetString());
        Assert.Equal("logs.logon", message.GetProperty("groupName").GetString());
        var push = message.GetProperty("arguments")[0];
        Assert.Equal(7, push.GetProperty("offset").GetInt64());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(valid).RootElement, push.GetProperty("envelope")));
        var dead = JsonNode.Parse(Assert.Single(outputs.GetProperty(LogFunction.DeadLettersBinding).EnumerateArray()).GetString()!)!;
        Assert.Equal("logon.dlq", (string)dead["Topic"]!);
        Assert.Contains(dead["Headers"]!.AsArray(), h => (string)h!["Key"]! == PipelineHeaders.ErrorReason && (string)h["Value"]! == RejectReasons.NotJson);

        var function = Assert.Single(FunctionCatalog.Build(((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)fixture.Host.Application).DataSources, KafkaBindingSecurity.None),
            f => f.Name == "LogsLogon");
        Assert.Contains(function.Bindings, b => (string)b["type"]! == "kafkaTrigger" && (string)b["topic"]! == "logon");
        Assert.Contains(function.Bindings, b => (string)b["type"]! == "signalR");
    }

    private static string Event(string topic, long offset, string value) => new JsonObject
    {
        ["Offset"] = offset,
        ["Partition"] = 0,
        ["Topic"] = topic,
        ["Timestamp"] = DateTime.UtcNow.ToString("O"),
        ["Value"] = value,
        ["Headers"] = new JsonArray(),
    }.ToJsonString();
}
