using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureWatch.Core.Persistence.Notifications;

/// <summary>
/// One LISTEN connection per instance feeds every in-memory cache. A change committed by any instance
/// reaches all of them within milliseconds; after a lost connection every cache is reloaded in full,
/// because notifications sent while disconnected are gone.
/// </summary>
public sealed partial class DatabaseChangeListener(
    NpgsqlDataSource dataSource,
    IEnumerable<IDatabaseChangeSubscriber> subscribers,
    ILogger<DatabaseChangeListener> logger) : BackgroundService
{
    // Bursts (a bulk import, many API calls) collapse into one reload per channel.
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(20);

    private readonly IDatabaseChangeSubscriber[] _subscribers = [.. subscribers];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every cache has been loaded for the first time.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or PostgresException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogConnectionLost(ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        var pending = new HashSet<string>(StringComparer.Ordinal);
        connection.Notification += (_, e) => pending.Add(e.Channel);
        foreach (var channel in _subscribers.Select(s => s.Channel).Distinct())
        {
            await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Listening before loading: a change committed between the two is reloaded again, never missed.
        foreach (var subscriber in _subscribers)
        {
            await subscriber.ReloadAsync(stoppingToken);
        }

        _ready.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
            while (await connection.WaitAsync(Coalesce, stoppingToken))
            {
            }

            var changed = pending.ToArray();
            pending.Clear();
            foreach (var subscriber in _subscribers)
            {
                if (Array.IndexOf(changed, subscriber.Channel) >= 0)
                {
                    await subscriber.ReloadAsync(stoppingToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change notifications interrupted ({Reason}); reconnecting in {DelayMs} ms")]
    private partial void LogConnectionLost(string reason, double delayMs);
}
