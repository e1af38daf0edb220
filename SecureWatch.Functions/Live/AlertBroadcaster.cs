using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;
using SecureWatch.Functions.Alerts;

namespace SecureWatch.Functions.Live;

/// <summary>
/// Pushes alertUpdated when an alert changes on any instance: the alerts table's NOTIFY makes every instance re-read
/// the recently changed alerts and push them, throttled, to its own clients. Under the Functions host the pushes are
/// kept for the next scoring invocation's SignalR output binding instead (the in-process hub has no clients there).
/// </summary>
public sealed class AlertBroadcaster(
    NpgsqlDataSource dataSource, IHubContext<LiveHub> hub, AlertPushThrottle throttle, TimeProvider time, bool useOutbox)
    : BackgroundService, IDatabaseChangeSubscriber
{
    // Batches commit in any order and up to a few seconds after their changed_at; re-reading this far back (and
    // comparing revisions) catches them all.
    private static readonly TimeSpan Lookback = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FlushTick = TimeSpan.FromMilliseconds(200);

    private const int OutboxCapacity = 1000;

    private readonly ConcurrentQueue<AlertSummaryResponse> _outbox = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    // A (re)started instance pushes only what changed from shortly before it started, not the whole history.
    private DateTimeOffset _readUpTo = time.GetUtcNow();

    public static JsonSerializerOptions PayloadOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Channel => "securewatch_alerts";

    public long Pushed { get; private set; }

    /// <summary>Reads what changed since the last read and pushes (or keeps) what the throttle lets through now.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            await using var command = dataSource.CreateCommand(
                $"SELECT {AlertReadModel.SummaryColumns} FROM alerts a WHERE a.changed_at >= $1 ORDER BY a.id");
            command.Parameters.Add(new NpgsqlParameter { Value = _readUpTo - Lookback });
            var changed = await AlertReadModel.ReadAllAsync(command, cancellationToken);
            _readUpTo = now;
            await PushAsync(throttle.Offer(changed), cancellationToken);
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The pushes kept for the Functions host's SignalR output binding, oldest first.</summary>
    public List<AlertSummaryResponse> DrainOutbox()
    {
        var drained = new List<AlertSummaryResponse>();
        while (_outbox.TryDequeue(out var alert))
        {
            drained.Add(alert);
        }

        return drained;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushTick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (throttle.HasPending)
                {
                    await PushAsync(throttle.TakeDue(), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync(List<AlertSummaryResponse> alerts, CancellationToken cancellationToken)
    {
        foreach (var alert in alerts)
        {
            Pushed++;
            if (useOutbox)
            {
                _outbox.Enqueue(alert);
                while (_outbox.Count > OutboxCapacity && _outbox.TryDequeue(out _))
                {
                }
            }
            else
            {
                await hub.Clients.All.SendAsync(LiveTargets.AlertUpdated, alert, cancellationToken);
            }
        }
    }
}
