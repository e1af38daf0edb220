using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.FunctionsHost;

/// <summary>The generated function.json set against what the standalone host really serves.</summary>
public sealed partial class FunctionCatalogTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly Dictionary<string, string[]> RequiredProperties = new()
    {
        ["httpTrigger"] = ["name", "direction", "authLevel", "methods", "route"],
        ["http"] = ["name", "direction"],
        ["kafkaTrigger"] = ["name", "direction", "brokerList", "topic", "consumerGroup", "cardinality", "dataType", "authenticationMode", "protocol"],
        ["kafka"] = ["name", "direction", "brokerList", "topic", "dataType", "authenticationMode", "protocol"],
        ["signalR"] = ["name", "direction", "hubName", "connectionStringSetting"],
        ["signalRConnectionInfo"] = ["name", "direction", "hubName", "connectionStringSetting"],
    };

    private IReadOnlyList<FunctionDefinition> Functions =>
        FunctionCatalog.Build(((IEndpointRouteBuilder)fixture.Host.Application).DataSources, KafkaBindingSecurity.None);

    [Fact]
    public void Every_binding_has_the_properties_its_type_requires_and_names_are_unique()
    {
        var functions = Functions;

        Assert.Equal(functions.Count, functions.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var function in functions)
        {
            Assert.Matches(FunctionNamePattern(), function.Name);
            var json = JsonNode.Parse(function.ToFunctionJson().ToJsonString())!;
            var bindings = json["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList();
            Assert.Equal(bindings.Count, bindings.Select(b => (string)b["name"]!).Distinct(StringComparer.Ordinal).Count());
            Assert.Single(bindings, b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal));
            foreach (var binding in bindings)
            {
                var type = (string)binding["type"]!;
                Assert.True(RequiredProperties.TryGetValue(type, out var required), $"{function.Name}: unexpected binding type {type}");
                foreach (var property in required)
                {
                    Assert.True(binding[property] is not null, $"{function.Name}: {type} binding lacks '{property}'");
                }

                Assert.Contains((string)binding["direction"]!, new[] { "in", "out" });
            }
        }
    }

    [Fact]
    public void The_alert_endpoints_are_http_functions_requiring_a_key()
    {
        var alerts = Functions.Where(f => f.Name.StartsWith("ApiAlerts", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => f.Bindings.Single(b => (string)b["type"]! == "httpTrigger"));

        Assert.Equal(["ApiAlerts", "ApiAlertsBulk", "ApiAlertsById"], alerts.Keys.Order());
        Assert.Equal(["get", "patch"], alerts["ApiAlertsById"]["methods"]!.AsArray().Select(m => (string)m!).Order());
        Assert.All(alerts.Values, b => Assert.Equal("function", (string)b["authLevel"]!));
    }

    [Fact]
    public void The_agent_endpoints_and_the_agents_source_route_are_http_functions_requiring_a_key()
    {
        var triggers = Functions.ToDictionary(f => f.Name, f => f.Bindings.SingleOrDefault(b => (string)b["type"]! == "httpTrigger"));

        Assert.Equal(["get"], triggers["ApiAgents"]!["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("api/v1/agents/{name}/heartbeat", (string)triggers["ApiAgentsByNameHeartbeat"]!["route"]!);
        Assert.Equal(["post"], triggers["ApiAgentsByNameHeartbeat"]!["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(["get"], triggers["ApiConfigSourcesPacketCapture"]!["methods"]!.AsArray().Select(m => (string)m!));
        Assert.All(new[] { "ApiAgents", "ApiAgentsByNameHeartbeat", "ApiConfigSourcesPacketCapture" },
            name => Assert.Equal("function", (string)triggers[name]!["authLevel"]!));
    }

    [Fact]
    public async Task Http_functions_cover_exactly_the_api_routes_and_each_route_answers()
    {
        var functionRoutes = Functions
            .SelectMany(f => f.Bindings.Where(b => (string)b["type"]! == "httpTrigger").Select(b => (f.Name, Binding: b)))
            .Where(x => ((string)x.Binding["route"]!).StartsWith("api/v1/", StringComparison.Ordinal))
            .ToDictionary(x => (string)x.Binding["route"]!, x => x.Binding["methods"]!.AsArray().Select(m => (string)m!).ToArray());
        var served = ((IEndpointRouteBuilder)fixture.Host.Application).DataSources.SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("api/v1/", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(served.Order(), functionRoutes.Keys.Order());
        using var client = fixture.Host.CreateClient();
        foreach (var (route, methods) in functionRoutes)
        {
            var path = "/" + ParameterPattern().Replace(route, m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString() : "1");
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = JsonContent.Create(new { }) };
                using var response = await client.SendAsync(request);
                Assert.False(response.StatusCode is HttpStatusCode.MethodNotAllowed, $"{method} {path}: 405");
                var body = await response.Content.ReadAsStringAsync();
                Assert.False(response.StatusCode == HttpStatusCode.NotFound && body.Contains("no resource at this path", StringComparison.Ordinal),
                    $"{method} {path}: the standalone host has no such route");
            }
        }
    }

    [Fact]
    public async Task Kafka_topics_resolve_through_the_sample_settings_to_the_sources_topics()
    {
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFile("local.settings.sample.json")))!["Values"]!.AsObject();
        using var client = fixture.Host.CreateClient();
        var sources = await client.GetFromJsonAsync<JsonElement>("/api/v1/config/sources");
        var topicBySource = sources.EnumerateArray().Where(s => s.GetProperty("config_params").TryGetProperty("topic", out _)).ToDictionary(
            s => s.GetProperty("source_name").GetString()!,
            s => s.GetProperty("config_params").GetProperty("topic").GetString()!);

        foreach (var scoring in ScoringFunction.All)
        {
            var function = Assert.Single(Functions, f => f.Name == scoring.Name);
            var trigger = Assert.Single(function.Bindings, b => (string)b["type"]! == "kafkaTrigger");
            var topic = Resolve((string)trigger["topic"]!, settings);
            Assert.Equal(topicBySource[scoring.SourceName], topic);
            var deadLetters = Assert.Single(function.Bindings, b => (string)b["name"]! == ScoringFunction.DeadLettersBinding);
            Assert.Equal(topic + ".dlq", Resolve((string)deadLetters["topic"]!, settings));
            var predictions = Assert.Single(function.Bindings, b => (string)b["name"]! == ScoringFunction.PredictionsBinding);
            Assert.Equal("predictions", Resolve((string)predictions["topic"]!, settings));
            Assert.Equal("MANY", (string)trigger["cardinality"]!);
            Assert.Equal("securewatch", (string)trigger["consumerGroup"]!);
            Assert.NotNull(Resolve((string)trigger["brokerList"]!, settings));
        }
    }

    [Fact]
    public void Host_json_declares_the_custom_handler_and_the_extension_bundle()
    {
        var host = JsonNode.Parse(File.ReadAllText(RepositoryFile("host.json")))!;

        Assert.Equal("2.0", (string)host["version"]!);
        Assert.Equal("SecureWatch.Functions", (string)host["customHandler"]!["description"]!["defaultExecutablePath"]!);
        Assert.True((bool)host["customHandler"]!["enableForwardingHttpRequest"]!);
        Assert.True((bool)host["customHandler"]!["enableProxyingHttpRequest"]!);
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", (string)host["extensionBundle"]!["id"]!);
        Assert.Equal("[4.*, 5.0.0)", (string)host["extensionBundle"]!["version"]!);
        // Routes in function.json carry the full /api/v1 path, as in standalone mode.
        Assert.Equal("", (string)host["extensions"]!["http"]!["routePrefix"]!);
    }

    private static string Resolve(string expression, JsonObject settings) =>
        SettingPattern().Replace(expression, m => (string?)settings[m.Groups[1].Value]
            ?? throw new InvalidOperationException($"local.settings.sample.json has no {m.Groups[1].Value}"));

    internal static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureWatch.slnx")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new FileNotFoundException($"repository root (SecureWatch.slnx) not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,126}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingPattern();
}
