using Microsoft.AspNetCore.Http.HttpResults;
using SecureWatch.Core.Agents;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Agents;

/// <summary>Capture agents report their health here; everyone with a reader key sees it.</summary>
public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/agents").WithTags("Capture agents");
        group.MapGet("/", ListAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapPost("/{name}/heartbeat", ReportAsync).RequireAuthorization(ApiRoles.AgentReporter);
        return group;
    }

    private static async Task<Ok<List<AgentResponse>>> ListAsync(CaptureAgentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        string name, AgentHeartbeat report, CaptureAgentStore store, CancellationToken cancellationToken)
    {
        if (!AgentHeartbeatValidator.TryValidate(name, report, out var field, out var reason))
        {
            return ApiProblems.Invalid(field, reason);
        }

        return await store.RecordAsync(name, report, cancellationToken) is { } stored
            ? TypedResults.Ok(stored)
            : ApiProblems.Conflict($"{CaptureAgentStore.MaxAgents} capture agents are known already; a new name is not accepted");
    }
}
