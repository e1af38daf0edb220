using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Core.Whitelist;

namespace SecureWatch.Core.Providers;

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
        var entries = await dataSource.ReadAllAsync(
            "SELECT id, signing_secret FROM ip_whitelist WHERE is_active AND signing_secret IS NOT NULL",
            reader => (Id: reader.GetInt64(0), Stored: reader.GetFieldValue<byte[]>(1)),
            cancellationToken);
        secrets.Replace(entries.Select(entry =>
        {
            if (!protector.TryUnprotect(entry.Stored, out var secret))
            {
                LogUndecryptable(entry.Id);
            }

            return new KeyValuePair<long, byte[]>(entry.Id, secret);
        }));
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The signing secret of whitelist entry {EntryId} cannot be decrypted (SECUREWATCH_SECRETS_KEY missing or different); its records will be rejected")]
    private partial void LogUndecryptable(long entryId);
}
