using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Sources;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Apis;

public static class DataSourcesApi
{
    private const string Entity = "data_source_config";

    /// <summary>Migration 0009's unique index on config_params->>'topic'.</summary>
    private const string TopicIndex = "data_source_config_topic_key";

    public static RouteGroupBuilder MapDataSourcesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/config/sources").WithTags("Data sources");
        group.MapGet("/", ListAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapGet("/{name}", GetAsync).RequireAuthorization(ApiRoles.Reader);
        // A literal route outranks {name}: the one source a capture agent's key may read.
        group.MapGet($"/{DataSourceNames.PacketCapture}", GetPacketCaptureAsync).RequireAuthorization(ApiRoles.PacketCaptureReader);
        group.MapPatch("/{name}", UpdateAsync).RequireAuthorization(ApiRoles.Admin);
        return group;
    }

    private static async Task<Ok<List<DataSourceResponse>>> ListAsync(SecureWatchDbContext db, CancellationToken cancellationToken)
    {
        var sources = await db.DataSources.AsNoTracking().OrderBy(s => s.SourceName).ToListAsync(cancellationToken);
        return TypedResults.Ok(sources.ConvertAll(DataSourceResponse.From));
    }

    private static async Task<Results<Ok<DataSourceResponse>, ProblemHttpResult>> GetAsync(
        string name, SecureWatchDbContext db, CancellationToken cancellationToken)
    {
        var source = await db.DataSources.AsNoTracking().FirstOrDefaultAsync(s => s.SourceName == name, cancellationToken);
        return source is null ? MissingSource(name) : TypedResults.Ok(DataSourceResponse.From(source));
    }

    private static Task<Results<Ok<DataSourceResponse>, ProblemHttpResult>> GetPacketCaptureAsync(
        SecureWatchDbContext db, CancellationToken cancellationToken) => GetAsync(DataSourceNames.PacketCapture, db, cancellationToken);

    private static async Task<Results<Ok<DataSourceResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name, DataSourceUpdateRequest request, SecureWatchDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var source = await db.DataSources.FirstOrDefaultAsync(s => s.SourceName == name, cancellationToken);
        if (source is null)
        {
            return MissingSource(name);
        }

        var before = DataSourceResponse.From(source);
        if (request.ConfigParams is not null)
        {
            var merged = MergePatch(before.ConfigParams, request.ConfigParams);
            if (DataSourceParameterValidator.Validate(name, merged, await OtherTopicsAsync(db, name, cancellationToken)) is { } problem)
            {
                return ApiProblems.Invalid("config_params", problem);
            }

            source.ConfigParams = merged.ToJsonString();
        }

        source.IsEnabled = request.IsEnabled ?? source.IsEnabled;
        source.UpdatedAt = DateTimeOffset.UtcNow;
        var after = DataSourceResponse.From(source);
        AuditTrail.Record(db, ApiActor.Of(user), "update", Entity, name, before, after);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TopicIndex })
        {
            return await ConcurrentTopicClaimAsync(db, name, after, cancellationToken);
        }

        return TypedResults.Ok(after);
    }

    private static async Task<List<KeyValuePair<string, string>>> OtherTopicsAsync(SecureWatchDbContext db, string name, CancellationToken cancellationToken)
    {
        var others = await db.DataSources.AsNoTracking().Where(s => s.SourceName != name).ToListAsync(cancellationToken);
        return [.. others
            .Select(s => SourceSettingsSynchronizer.Parse(s.SourceName, s.IsEnabled, s.ConfigParams))
            .SelectMany(s => (s.Topics ?? [s.Topic]).Select(t => KeyValuePair.Create(s.Name, t)))];
    }

    // Another source took the topic between our check and our write: answer as the check would have, now that it can see it.
    private static async Task<Results<Ok<DataSourceResponse>, ValidationProblem, ProblemHttpResult>> ConcurrentTopicClaimAsync(
        SecureWatchDbContext db, string name, DataSourceResponse attempted, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (DataSourceParameterValidator.Validate(name, attempted.ConfigParams, await OtherTopicsAsync(db, name, cancellationToken)) is { } problem)
        {
            return ApiProblems.Invalid("config_params", problem);
        }

        var topic = attempted.ConfigParams[SourceParameterNames.Topic]?.ToString();
        return ApiProblems.Conflict($"'{SourceParameterNames.Topic}': '{topic}' was claimed by another source at the same time; two sources may not share a topic");
    }

    private static JsonObject MergePatch(JsonObject current, JsonObject patch)
    {
        var merged = current.DeepClone().AsObject();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        return merged;
    }

    private static ProblemHttpResult MissingSource(string name) =>
        ApiProblems.NotFound($"data source '{name}' does not exist; known sources: {string.Join(", ", DataSourceNames.All)}");
}
