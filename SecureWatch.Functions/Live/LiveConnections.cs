using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SecureWatch.Functions.Live;

/// <summary>
/// This instance's hub connections: each one's outbox, the connections each API key holds (at most
/// <see cref="LiveOptions.MaxConnectionsPerKey"/>), and what was dropped or refused, for the health report.
/// </summary>
public sealed class LiveConnections(IOptions<LiveOptions> options)
{
    private const int SlowClientsShown = 20;

    private readonly LiveOptions settings = options.Value;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LiveClientOutbox> outboxes = new(StringComparer.Ordinal);
    private readonly HashSet<string> admitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> perKey = new(StringComparer.Ordinal);

    // Rebuilt on connect and disconnect so that a broadcast, thousands a second, walks a plain array.
    private LiveClientOutbox[] current = [];
    private long dropped;
    private long refused;

    public int Count => Volatile.Read(ref current).Length;

    public long Dropped => Interlocked.Read(ref dropped);

    public long Refused => Interlocked.Read(ref refused);

    public int MaxConnectionsPerKey => settings.MaxConnectionsPerKey;

    /// <summary>Why a connection or a negotiate over the limit is refused, as the client is told.</summary>
    public string LimitReason =>
        $"this API key already holds {settings.MaxConnectionsPerKey} live connections, the limit per key (Live:MaxConnectionsPerKey); close one first";

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
            if (admitted.Remove(connectionId) && --perKey[outbox.KeyName] == 0)
            {
                perKey.Remove(outbox.KeyName);
            }

            Volatile.Write(ref current, [.. outboxes.Values]);
        }
    }

    /// <summary>Counts the connection against its key; false (and counted as refused) when the key already holds its limit.</summary>
    public bool TryAdmit(string connectionId)
    {
        lock (gate)
        {
            if (!outboxes.TryGetValue(connectionId, out var outbox))
            {
                return false;
            }

            var held = perKey.GetValueOrDefault(outbox.KeyName);
            if (held >= settings.MaxConnectionsPerKey)
            {
                Interlocked.Increment(ref refused);
                return false;
            }

            perKey[outbox.KeyName] = held + 1;
            admitted.Add(connectionId);
            return true;
        }
    }

    /// <summary>
    /// False (and counted as refused) when the key already holds its limit, for an early answer at negotiate; the
    /// connection itself is still checked, since several negotiates may race.
    /// </summary>
    public bool HasRoomFor(string keyName)
    {
        lock (gate)
        {
            if (perKey.GetValueOrDefault(keyName) < settings.MaxConnectionsPerKey)
            {
                return true;
            }
        }

        Interlocked.Increment(ref refused);
        return false;
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
