using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Apis;

public static class WhitelistApi
{
    private const string Entity = "ip_whitelist";
    private const int MaxDescriptionLength = 500;
    private const int MinSecretBytes = 12;

    /// <summary>Shorter prefixes whitelist a large share of the internet; they are taken only with allow_wide.</summary>
    public const int MinIPv4PrefixLength = 8;

    /// <inheritdoc cref="MinIPv4PrefixLength"/>
    public const int MinIPv6PrefixLength = 16;

    public static RouteGroupBuilder MapWhitelistApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/config/whitelist").WithTags("Whitelist");
        group.MapGet("/", ListAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapGet("/{id:long}", GetAsync).RequireAuthorization(ApiRoles.Reader);
        group.MapPost("/", CreateAsync).RequireAuthorization(ApiRoles.Admin);
        group.MapPatch("/{id:long}", UpdateAsync).RequireAuthorization(ApiRoles.Admin);
        group.MapDelete("/{id:long}", DeleteAsync).RequireAuthorization(ApiRoles.Admin);
        return group;
    }

    private static async Task<Ok<List<WhitelistEntryResponse>>> ListAsync(
        SecureWatchDbContext db, [FromQuery(Name = "active_only")] bool? activeOnly, CancellationToken cancellationToken)
    {
        var query = db.Whitelist.AsNoTracking();
        if (activeOnly == true)
        {
            query = query.Where(e => e.IsActive);
        }

        var entries = await query.OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.ConvertAll(WhitelistEntryResponse.From));
    }

    private static async Task<Results<Ok<WhitelistEntryResponse>, ProblemHttpResult>> GetAsync(
        long id, SecureWatchDbContext db, CancellationToken cancellationToken)
    {
        var entry = await db.Whitelist.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return entry is null ? MissingEntry(id) : TypedResults.Ok(WhitelistEntryResponse.From(entry));
    }

    private static async Task<Results<Created<WhitelistEntryResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        WhitelistEntryRequest request, SecureWatchDbContext db, SigningSecretProtector protector, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (NetworkProblem(request, out var network) is { } networkError)
        {
            return networkError;
        }

        if (DescriptionProblem(request.Description) is { } descriptionError)
        {
            return ApiProblems.Invalid("description", descriptionError);
        }

        if (SecretProblem(request.SigningSecret, protector) is { } secretError)
        {
            return ApiProblems.Invalid("signing_secret", secretError);
        }

        if (await FindDuplicateAsync(db, network, exceptId: null, cancellationToken) is { } duplicate)
        {
            return DuplicateOf(duplicate, network);
        }

        var now = DateTimeOffset.UtcNow;
        var entry = new WhitelistEntry
        {
            Network = network,
            Description = request.Description ?? "",
            IsActive = request.IsActive ?? true,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = ApiActor.Of(user),
            SigningSecret = ProtectSecret(request.SigningSecret, protector),
        };

        // The audit row needs the generated id, so the insert and its audit share an explicit transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Whitelist.Add(entry);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return await ConcurrentDuplicateAsync(db, network, cancellationToken);
        }

        var created = WhitelistEntryResponse.From(entry);
        AuditTrail.Record(db, ApiActor.Of(user), "create", Entity, entry.Id.ToString(), null, created);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/config/whitelist/{entry.Id}", created);
    }

    private static async Task<Results<Ok<WhitelistEntryResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, WhitelistEntryRequest request, SecureWatchDbContext db, SigningSecretProtector protector, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var entry = await db.Whitelist.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return MissingEntry(id);
        }

        var before = WhitelistEntryResponse.From(entry);
        if (request.IpAddress is not null)
        {
            if (NetworkProblem(request, out var network) is { } networkError)
            {
                return networkError;
            }

            if (await FindDuplicateAsync(db, network, exceptId: id, cancellationToken) is { } duplicate)
            {
                return DuplicateOf(duplicate, network);
            }

            entry.Network = network;
        }

        if (DescriptionProblem(request.Description) is { } descriptionError)
        {
            return ApiProblems.Invalid("description", descriptionError);
        }

        if (request.SigningSecret is { Length: > 0 } && SecretProblem(request.SigningSecret, protector) is { } secretError)
        {
            return ApiProblems.Invalid("signing_secret", secretError);
        }

        if (request.SigningSecret is not null)
        {
            entry.SigningSecret = ProtectSecret(request.SigningSecret, protector);
        }

        entry.Description = request.Description ?? entry.Description;
        entry.IsActive = request.IsActive ?? entry.IsActive;
        entry.UpdatedAt = DateTimeOffset.UtcNow;
        var after = WhitelistEntryResponse.From(entry);
        AuditTrail.Record(db, ApiActor.Of(user), "update", Entity, id.ToString(), before, after);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return await ConcurrentDuplicateAsync(db, entry.Network, cancellationToken);
        }

        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, SecureWatchDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var entry = await db.Whitelist.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return MissingEntry(id);
        }

        db.Whitelist.Remove(entry);
        AuditTrail.Record(db, ApiActor.Of(user), "delete", Entity, id.ToString(), WhitelistEntryResponse.From(entry), null);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Parses ip_address strictly and holds a wide network back unless the request confirms it.</summary>
    private static ValidationProblem? NetworkProblem(WhitelistEntryRequest request, out IPNetwork network)
    {
        if (!WhitelistNetwork.TryParse(request.IpAddress, out network, out var error))
        {
            return ApiProblems.Invalid("ip_address", error);
        }

        var minimum = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork
            ? MinIPv4PrefixLength
            : MinIPv6PrefixLength;
        return network.PrefixLength < minimum && request.AllowWide != true
            ? ApiProblems.Invalid("ip_address",
                $"{WhitelistNetwork.ToCanonicalString(network)} is wider than /{minimum} and would whitelist a large part of the "
                + "internet; send \"allow_wide\": true to confirm it")
            : null;
    }

    private static string? DescriptionProblem(string? description) => description switch
    {
        null => null,
        { Length: > MaxDescriptionLength } => $"at most {MaxDescriptionLength} characters (got {description.Length})",
        _ when description.Any(char.IsControl) => "must not contain control characters",
        _ => null,
    };

    private static string? SecretProblem(string? secret, SigningSecretProtector protector)
    {
        if (secret is null)
        {
            return null;
        }

        if (!protector.IsConfigured)
        {
            return $"signing secrets cannot be stored: {SigningSecretProtector.KeySetting} is not configured on the server";
        }

        var length = System.Text.Encoding.UTF8.GetByteCount(secret);
        return length is < MinSecretBytes or > SigningSecretProtector.MaxSecretBytes
            ? $"must be {MinSecretBytes} to {SigningSecretProtector.MaxSecretBytes} bytes of UTF-8 (got {length})"
            : null;
    }

    // An empty secret clears the stored one.
    private static byte[]? ProtectSecret(string? secret, SigningSecretProtector protector) =>
        string.IsNullOrEmpty(secret) ? null : protector.Protect(System.Text.Encoding.UTF8.GetBytes(secret));

    private static Task<WhitelistEntry?> FindDuplicateAsync(
        SecureWatchDbContext db, IPNetwork network, long? exceptId, CancellationToken cancellationToken) =>
        db.Whitelist.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Network == network && e.Id != exceptId, cancellationToken);

    /// <summary>Saves, reporting false when the unique network constraint rejected the row.</summary>
    private static async Task<bool> TrySaveAsync(SecureWatchDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    // Another request inserted the same network between our check and our insert.
    private static async Task<ProblemHttpResult> ConcurrentDuplicateAsync(
        SecureWatchDbContext db, IPNetwork network, CancellationToken cancellationToken) =>
        await FindDuplicateAsync(db, network, exceptId: null, cancellationToken) is { } winner
            ? DuplicateOf(winner, network)
            : ApiProblems.Conflict($"{WhitelistNetwork.ToCanonicalString(network)} is already whitelisted");

    private static ProblemHttpResult DuplicateOf(WhitelistEntry existing, IPNetwork network) =>
        ApiProblems.Conflict($"{WhitelistNetwork.ToCanonicalString(network)} is already whitelisted as entry {existing.Id}");

    private static ProblemHttpResult MissingEntry(long id) => ApiProblems.NotFound($"whitelist entry {id} does not exist");
}
