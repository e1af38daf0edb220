using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureWatch.Core.Persistence;

/// <summary>
/// Migrates before anything else starts. PostgreSQL often comes up after the service in containers, so a
/// connection failure is retried for a bounded time rather than failing the first attempt.
/// </summary>
public sealed partial class SchemaMigrationService(
    SchemaMigrator migrator, PersistenceOptions options, ILogger<SchemaMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && DateTimeOffset.UtcNow + delay < deadline)
            {
                LogWaiting(ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL not reachable ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogWaiting(string reason, double delayMs);
}
