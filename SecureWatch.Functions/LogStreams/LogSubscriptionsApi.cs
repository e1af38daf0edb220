using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// Adds a hub connection of this instance to the groups logs.&lt;topic&gt; (POST) or removes it (DELETE). The connection
/// must be open on the instance that answers (sticky sessions behind a load balancer) and belong to the caller's key;
/// groups live as long as the connection, so a client that reconnects subscribes again.
/// </summary>
public static class LogSubscriptionsApi
{
    public const string Route = "/api/v1/logs/subscriptions";

    public static RouteGroupBuilder MapLogSubscriptionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Route).WithTags("Log streams");
        group.MapPost("/", SubscribeAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapDelete("/", UnsubscribeAsync).RequireAuthorization(ApiRoles.Reader);
        return group;
    }

    private static Task<Results<Ok<LogSubscriptionResponse>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        LogSubscriptionRequest request, SourceCatalog catalog, LiveConnections connections, IHubContext<LiveHub> hub, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        ChangeAsync(request, topicsRequired: true, catalog, connections, user,
            (id, group) => hub.Groups.AddToGroupAsync(id, group, cancellationToken));

    private static Task<Results<Ok<LogSubscriptionResponse>, ValidationProblem, ProblemHttpResult>> UnsubscribeAsync(
        [FromBody] LogSubscriptionRequest request, SourceCatalog catalog, LiveConnections connections, IHubContext<LiveHub> hub,
        ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(request, topicsRequired: false, catalog, connections, user,
            (id, group) => hub.Groups.RemoveFromGroupAsync(id, group, cancellationToken));

    private static async Task<Results<Ok<LogSubscriptionResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        LogSubscriptionRequest request, bool topicsRequired, SourceCatalog catalog, LiveConnections connections, ClaimsPrincipal user,
        Func<string, string, Task> change)
    {
        if (LogSubscriptionRules.Check(request, catalog, topicsRequired, out var field, out var topics) is { } problem)
        {
            return ApiProblems.Invalid(field, problem);
        }

        var connectionId = request.ConnectionId!;
        // Another key's connection is as unknown as a closed one: no probing of who listens.
        if (connections.KeyOf(connectionId) is not { } key || key != user.Identity?.Name)
        {
            return ApiProblems.NotFound($"no live connection '{connectionId}' of this API key is open on this instance");
        }

        foreach (var topic in topics)
        {
            await change(connectionId, LogGroups.Of(topic));
        }

        return TypedResults.Ok(new LogSubscriptionResponse(connectionId, topics));
    }
}
