using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SecureWatch.Functions.Live;

/// <summary>
/// This instance's hub connections: each one's outbox, the groups each belongs to, the connections each API key holds
/// (at most <see cref="LiveOptions.MaxConnectionsPerKey"/>), and what was dropped or refused, for the health report.
/// </summary>
public sealed class LiveConnections(IOptions<LiveOptions> options)
{
    private const int SlowClientsShown = 20;

    private readonly LiveOptions _settings = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveClientOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _groupMembers = new(StringComparer.Ordinal);

    // Group name to its members' outboxes, rebuilt on membership changes like _current.
    private Dictionary<string, LiveClientOutbox[]> _groups = new(StringComparer.Ordinal);

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
            foreach (var members in _groupMembers.Values)
            {
                members.Remove(connectionId);
            }

            RebuildGroups();
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

    /// <summary>The API key name the connection authenticated with, or null when it is not connected to this instance.</summary>
    public string? KeyOf(string connectionId)
    {
        lock (_gate)
        {
            return _outboxes.TryGetValue(connectionId, out var outbox) ? outbox.KeyName : null;
        }
    }

    public void AddToGroup(string connectionId, string group)
    {
        lock (_gate)
        {
            if (!_outboxes.ContainsKey(connectionId))
            {
                return;
            }

            if (!_groupMembers.TryGetValue(group, out var members))
            {
                _groupMembers[group] = members = new HashSet<string>(StringComparer.Ordinal);
            }

            members.Add(connectionId);
            RebuildGroups();
        }
    }

    public void RemoveFromGroup(string connectionId, string group)
    {
        lock (_gate)
        {
            if (_groupMembers.TryGetValue(group, out var members) && members.Remove(connectionId))
            {
                RebuildGroups();
            }
        }
    }

    /// <summary>Connections in the group right now.</summary>
    public int GroupSize(string group) => Volatile.Read(ref _groups).GetValueOrDefault(group)?.Length ?? 0;

    public void SendToGroup(string group, SerializedHubMessage message)
    {
        if (Volatile.Read(ref _groups).TryGetValue(group, out var members))
        {
            foreach (var outbox in members)
            {
                outbox.Enqueue(message);
            }
        }
    }

    public void Broadcast(SerializedHubMessage message)
    {
        foreach (var outbox in Volatile.Read(ref _current))
        {
            outbox.Enqueue(message);
        }
    }

    private void RebuildGroups()
    {
        foreach (var empty in _groupMembers.Where(g => g.Value.Count == 0).Select(g => g.Key).ToList())
        {
            _groupMembers.Remove(empty);
        }

        Volatile.Write(ref _groups, _groupMembers.ToDictionary(
            g => g.Key, g => g.Value.Select(id => _outboxes[id]).ToArray(), StringComparer.Ordinal));
    }

    /// <summary>The connections that dropped most, for the health report.</summary>
    public IReadOnlyList<LiveClientHealth> SlowClients() =>
        [.. Volatile.Read(ref _current)
            .Where(o => o.Dropped > 0)
            .OrderByDescending(o => o.Dropped)
            .Take(SlowClientsShown)
            .Select(o => new LiveClientHealth(o.ConnectionId, o.Dropped, o.Queued))];
}
