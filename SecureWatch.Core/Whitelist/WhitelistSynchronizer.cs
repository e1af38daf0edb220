using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;

namespace SecureWatch.Core.Whitelist;

/// <summary>Rebuilds the in-memory whitelist from the active rows whenever ip_whitelist changes on any instance.</summary>
public sealed partial class WhitelistSynchronizer(
    NpgsqlDataSource dataSource, WhitelistMatcher matcher, ILogger<WhitelistSynchronizer> logger) : IDatabaseChangeSubscriber
{
    public const string NotifyChannel = "securewatch_whitelist";

    public string Channel => NotifyChannel;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var entries = new List<(long Id, IPNetwork Network)>();
        await using (var command = dataSource.CreateCommand("SELECT id, network FROM ip_whitelist WHERE is_active"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add((reader.GetInt64(0), reader.GetFieldValue<IPNetwork>(1)));
            }
        }

        var snapshot = WhitelistSnapshot.Build(entries);
        matcher.Replace(snapshot);
        LogReloaded(snapshot.EntryCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Whitelist reloaded: {Count} active entries")]
    private partial void LogReloaded(int count);
}
