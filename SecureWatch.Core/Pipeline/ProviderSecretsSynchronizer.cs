using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Pipeline;

/// <summary>Reloads <see cref="ProviderSecrets"/> with the whitelist, on the same notification channel.</summary>
public sealed partial class ProviderSecretsSynchronizer(
    NpgsqlDataSource dataSource,
    ProviderSecrets secrets,
    SigningSecretProtector protector,
    ILogger<ProviderSecretsSynchronizer> logger) : IDatabaseChangeSubscriber
{
    public string Channel => WhitelistSynchronizer.NotifyChannel;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var entries = new List<KeyValuePair<long, byte[]>>();
        await using (var command = dataSource.CreateCommand(
            "SELECT id, signing_secret FROM ip_whitelist WHERE is_active AND signing_secret IS NOT NULL"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                var stored = reader.GetFieldValue<byte[]>(1);
                if (!protector.TryUnprotect(stored, out var secret))
                {
                    LogUndecryptable(id);
                }

                entries.Add(new(id, secret));
            }
        }

        secrets.Replace(entries);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The signing secret of whitelist entry {EntryId} cannot be decrypted (SECUREWATCH_SECRETS_KEY missing or different); its records will be rejected")]
    private partial void LogUndecryptable(long entryId);
}
