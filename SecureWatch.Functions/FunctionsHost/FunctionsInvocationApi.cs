using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.LogStreams;

using SecureWatch.Functions.Live;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// The endpoints the Functions host calls for functions it does not forward (Kafka triggers, negotiate):
/// POST /{FunctionName}. Mapped only in custom-handler mode, where Kestrel listens on loopback for the host alone.
/// </summary>
public static class FunctionsInvocationApi
{
    // A trigger batch of 64 records, each encoded twice over, is far larger than any API body.
    private const long MaxInvocationBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapFunctionsInvocationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost($"/{FunctionCatalog.NegotiateFunction}", NegotiateAsync).AllowAnonymous().ExcludeFromDescription();
        foreach (var function in ScoringFunction.All)
        {
            routes.MapPost($"/{function.Name}", ScoreAsync).AllowAnonymous().ExcludeFromDescription();
        }

        foreach (var function in LogFunction.All)
        {
            routes.MapPost($"/{function.Name}", LogAsync).AllowAnonymous().ExcludeFromDescription();
        }

        return routes;
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> LogAsync(
        HttpContext context, SourceCatalog catalog, LogRuleEvaluator rules, LogDetectionStore store, LogStreamCounters counters,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var invocation = await ReadInvocationAsync(context, cancellationToken);
        try
        {
            return TypedResults.Json((await LogInvocation.HandleAsync(invocation, catalog, rules, store, counters, time, cancellationToken)).ToJson());
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid invocation");
        }
    }

    // Two parameters on purpose: a handler shaped like RequestDelegate would have its result discarded.
    private static async Task<JsonHttpResult<JsonObject>> NegotiateAsync(HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Json(NegotiateInvocation.Handle(await ReadInvocationAsync(context, cancellationToken)).ToJson());

    private static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> ScoreAsync(
        HttpContext context, TrafficPipeline pipeline, AlertBroadcaster alerts, TimeProvider time, CancellationToken cancellationToken)
    {
        var invocation = await ReadInvocationAsync(context, cancellationToken);
        try
        {
            return TypedResults.Json((await ScoringInvocation.HandleAsync(invocation, pipeline, alerts, time, cancellationToken)).ToJson());
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid invocation");
        }
    }

    internal static async Task<JsonElement> ReadInvocationAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxInvocationBytes;
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }
}
