using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SecureWatch.Functions.Live;

/// <summary>
/// This instance's hub connections: each one's outbox, and what was dropped, for the health report.
/// </summary>
public sealed class LiveConnections(IOptions<LiveOptions> options)
{
    private const int SlowClientsShown = 20;

    private readonly LiveOptions settings = options.Value;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LiveClientOutbox> outboxes = new(StringComparer.Ordinal);

    // Rebuilt on connect and disconnect so that a broadcast, thousands a second, walks a plain array.
    private LiveClientOutbox[] current = [];
    private long dropped;

    public int Count => Volatile.Read(ref current).Length;

    public long Dropped => Interlocked.Read(ref dropped);

    public void Add(HubConnectionContext connection)
    {
        var outbox = new LiveClientOutbox(connection, settings.ClientQueueCapacity, () => Interlocked.Increment(ref dropped));
        lock (gate)
        {
            outboxes[connection.ConnectionId] = outbox;
            Volatile.Write(ref current, [.. outboxes.Values]);
        }
    }

    public void Remove(string connectionId)
    {
        lock (gate)
        {
            if (!outboxes.Remove(connectionId, out var outbox))
            {
                return;
            }

            outbox.Complete();
            Volatile.Write(ref current, [.. outboxes.Values]);
        }
    }

    public void Broadcast(SerializedHubMessage message)
    {
        foreach (var outbox in Volatile.Read(ref current))
        {
            outbox.Enqueue(message);
        }
    }

    /// <summary>The connections that dropped most, for the health report.</summary>
    public IReadOnlyList<LiveClientHealth> SlowClients() =>
        [.. Volatile.Read(ref current)
            .Where(o => o.Dropped > 0)
            .OrderByDescending(o => o.Dropped)
            .Take(SlowClientsShown)
            .Select(o => new LiveClientHealth(o.ConnectionId, o.Dropped, o.Queued))];
}
