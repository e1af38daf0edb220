using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using SecureWatch.Core.Persistence;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// Puts the API's expensive reads under PostgreSQL's statement_timeout. The setting is local to a transaction, so it
/// ends with the request and never leaks to another user of the pooled connection. A cancelled statement becomes a
/// 503 problem (<see cref="Problems.StatementTimeoutExceptionHandler"/>).
/// </summary>
public sealed class ApiReadTimeout(IOptions<ApiOptions> options)
{
    public double Seconds => options.Value.StatementTimeoutSeconds;

    /// <summary>Begins the read-only transaction the reads of one request run in.</summary>
    public async Task<IDbContextTransaction> BeginAsync(SecureWatchDbContext db, CancellationToken cancellationToken)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(Seconds * 1000)).ToString(CultureInfo.InvariantCulture);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"SELECT set_config('statement_timeout', {milliseconds}, true), set_config('transaction_read_only', 'on', true)",
            cancellationToken);
        return transaction;
    }
}
