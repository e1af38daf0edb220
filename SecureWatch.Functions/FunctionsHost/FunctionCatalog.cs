using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// Every function of the Azure Functions app, derived from what this process actually serves: one HTTP function
/// per API route pattern of the standalone host (forwarded to us unchanged), one Kafka-triggered scoring function
/// per source, negotiate, and the web UI. function.json files are generated from this at publish time, so the
/// two hosting modes cannot drift apart.
/// </summary>
public static class FunctionCatalog
{
    public const string NegotiateFunction = "negotiate";
    public const string WebUiFunction = "WebUi";
    private const string ApiPrefix = "api/v1/";

    public static IReadOnlyList<FunctionDefinition> Build(IEnumerable<EndpointDataSource> dataSources, KafkaBindingSecurity security)
    {
        var functions = new List<FunctionDefinition>();
        functions.AddRange(HttpApiFunctions(dataSources));
        functions.AddRange(ScoringFunction.All.Select(f => Scoring(f, security)));
        functions.AddRange(LogFunction.All.Select(f => new FunctionDefinition(f.Name,
        [
            FunctionBindings.KafkaTrigger(LogFunction.RecordsBinding, f.Topic, security),
            FunctionBindings.KafkaOutput(LogFunction.DeadLettersBinding, f.Topic + PipelineHeaders.DeadLetterSuffix, security),
            FunctionBindings.SignalROutput(LogFunction.SignalRBinding),
        ])));
        functions.Add(new FunctionDefinition(NegotiateFunction,
        [
            FunctionBindings.HttpTrigger("api/negotiate", ["post"], anonymous: false),
            FunctionBindings.SignalRConnectionInfo("connectionInfo"),
            FunctionBindings.HttpOutput(),
        ]));
        // Literal routes outrank a catch-all in the host's router, so this only receives what no API function matches.
        functions.Add(new FunctionDefinition(WebUiFunction,
        [
            FunctionBindings.HttpTrigger("{*path}", ["get"], anonymous: true),
            FunctionBindings.HttpOutput(),
        ]));
        return functions;
    }

    private static FunctionDefinition Scoring(ScoringFunction function, KafkaBindingSecurity security) => new(
        function.Name,
        [
            FunctionBindings.KafkaTrigger(ScoringFunction.RecordsBinding, function.TopicExpression, security),
            FunctionBindings.KafkaOutput(ScoringFunction.PredictionsBinding, $"%{ScoringFunction.PredictionsTopicSetting}%", security),
            FunctionBindings.KafkaOutput(ScoringFunction.DeadLettersBinding, function.DeadLetterTopicExpression, security),
            FunctionBindings.SignalROutput(ScoringFunction.SignalRBinding),
        ],
        // A failed invocation (PostgreSQL unavailable) is retried with the same batch instead of being skipped.
        new JsonObject
        {
            ["strategy"] = "exponentialBackoff",
            ["maxRetryCount"] = -1,
            ["minimumInterval"] = "00:00:01",
            ["maximumInterval"] = "00:01:00",
        });

    private static IEnumerable<FunctionDefinition> HttpApiFunctions(IEnumerable<EndpointDataSource> dataSources)
    {
        var routes = new SortedDictionary<string, (SortedSet<string> Methods, bool Anonymous)>(StringComparer.Ordinal);
        foreach (var endpoint in dataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (!route.StartsWith(ApiPrefix, StringComparison.Ordinal) || methods is null)
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (!routes.TryGetValue(route, out var entry))
            {
                entry = (new SortedSet<string>(StringComparer.Ordinal), true);
            }

            entry.Methods.UnionWith(methods);
            routes[route] = (entry.Methods, entry.Anonymous && anonymous);
        }

        return routes.Select(r => new FunctionDefinition(
            FunctionName(r.Key),
            [FunctionBindings.HttpTrigger(r.Key, r.Value.Methods, r.Value.Anonymous), FunctionBindings.HttpOutput()]));
    }

    /// <summary>"api/v1/config/whitelist/{id:long}" becomes "ApiConfigWhitelistById".</summary>
    public static string FunctionName(string route)
    {
        var name = new StringBuilder("Api");
        foreach (var segment in RoutePatternFactory.Parse(route[ApiPrefix.Length..]).PathSegments)
        {
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        AppendPascal(name, literal.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        name.Append("By");
                        AppendPascal(name, parameter.Name);
                        break;
                }
            }
        }

        return name.ToString();
    }

    private static void AppendPascal(StringBuilder name, string text)
    {
        var upper = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            name.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
    }
}
