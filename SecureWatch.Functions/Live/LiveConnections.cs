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

    private readonly LiveOptions _settings = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveClientOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);

    // Rebuilt on connect and disconnect so that a broadcast, thousands a second, walks a plain array.
    private LiveClientOutbox[] _current = [];
    private long _dropped;
    private long _refused;

    public int Count => Volatile.Read(ref _current).Length;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Refused => Interlocked.Read(ref _refused);

    public int MaxConnectionsPerKey => _settings.MaxConnectionsPerKey;

    /// <summary>Why a connection or a negotiate over the limit is refused, as the client is told.</summary>
    public string LimitReason =>
        $"this API key already holds {_settings.MaxConnectionsPerKey} live connections, the limit per key (Live:MaxConnectionsPerKey); close one first";

    public void Add(HubConnectionContext connection)
    {
        var outbox = new LiveClientOutbox(connection, _settings.ClientQueueCapacity, () => Interlocked.Increment(ref _dropped));
        lock (_gate)
        {
            _outboxes[connection.ConnectionId] = outbox;
            Volatile.Write(ref _current, [.. _outboxes.Values]);
        }
    }

    public void Remove(string connectionId)
    {
        lock (_gate)
        {
            if (!_outboxes.Remove(connectionId, out var outbox))
            {
                return;
            }

            outbox.Complete();
            if (_admitted.Remove(connectionId) && --_perKey[outbox.KeyName] == 0)
            {
                _perKey.Remove(outbox.KeyName);
            }

            Volatile.Write(ref _current, [.. _outboxes.Values]);
        }
    }

    /// <summary>Counts the connection against its key; false (and counted as refused) when the key already holds its limit.</summary>
    public bool TryAdmit(string connectionId)
    {
        lock (_gate)
        {
            if (!_outboxes.TryGetValue(connectionId, out var outbox))
            {
                return false;
            }

            var held = _perKey.GetValueOrDefault(outbox.KeyName);
            if (held >= _settings.MaxConnectionsPerKey)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            _perKey[outbox.KeyName] = held + 1;
            _admitted.Add(connectionId);
            return true;
        }
    }

    /// <summary>
    /// False (and counted as refused) when the key already holds its limit, for an early answer at negotiate; the
    /// connection itself is still checked, since several negotiates may race.
    /// </summary>
    public bool HasRoomFor(string keyName)
    {
        lock (_gate)
        {
            if (_perKey.GetValueOrDefault(keyName) < _settings.MaxConnectionsPerKey)
            {
                return true;
            }
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    public void Broadcast(SerializedHubMessage message)
    {
        foreach (var outbox in Volatile.Read(ref _current))
        {
            outbox.Enqueue(message);
        }
    }

    /// <summary>The connections that dropped most, for the health report.</summary>
    public IReadOnlyList<LiveClientHealth> SlowClients() =>
        [.. Volatile.Read(ref _current)
            .Where(o => o.Dropped > 0)
            .OrderByDescending(o => o.Dropped)
            .Take(SlowClientsShown)
            .Select(o => new LiveClientHealth(o.ConnectionId, o.Dropped, o.Queued))];
}
