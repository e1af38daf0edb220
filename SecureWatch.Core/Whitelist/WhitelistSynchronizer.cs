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
        var entries = await dataSource.ReadAllAsync(
            "SELECT id, network FROM ip_whitelist WHERE is_active",
            reader => (reader.GetInt64(0), reader.GetFieldValue<IPNetwork>(1)),
            cancellationToken);
        var snapshot = WhitelistSnapshot.Build(entries);
        matcher.Replace(snapshot);
        LogReloaded(snapshot.EntryCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Whitelist reloaded: {Count} active entries")]
    private partial void LogReloaded(int count);
}
