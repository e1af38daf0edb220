using System.Runtime.InteropServices;

namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// Counts over a set of connections that changes one connection at a time (a sliding window): per
/// destination host (with its SYN and REJ errors), per service (likewise), per (host, service) and per
/// (host, source port). Adding or removing a connection is O(1), so the features never scan the window.
/// </summary>
internal sealed class ConnectionCounts
{
    private readonly Dictionary<UInt128, TimeWindowCounts> _byHost;
    private readonly TimeWindowCounts[] _byService = new TimeWindowCounts[256];
    private readonly Dictionary<(UInt128 Host, byte Service), int> _byHostService;
    private readonly Dictionary<(UInt128 Host, ushort SourcePort), int> _byHostSourcePort;

    public ConnectionCounts(int capacity)
    {
        _byHost = new Dictionary<UInt128, TimeWindowCounts>(capacity);
        _byHostService = new Dictionary<(UInt128, byte), int>(capacity);
        _byHostSourcePort = new Dictionary<(UInt128, ushort), int>(capacity);
    }

    public void Add(in WindowedConnection connection, int sign)
    {
        ref var host = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHost, connection.Destination, out _);
        host.Add(sign, connection.SynError, connection.RejError);
        if (host.Connections == 0)
        {
            _byHost.Remove(connection.Destination);
        }

        _byService[connection.Service].Add(sign, connection.SynError, connection.RejError);
        Count(_byHostService, (connection.Destination, connection.Service), sign);
        Count(_byHostSourcePort, (connection.Destination, connection.SourcePort), sign);
    }

    public TimeWindowCounts Host(UInt128 destination) => _byHost.GetValueOrDefault(destination);

    public TimeWindowCounts Service(byte service) => _byService[service];

    public int HostService(UInt128 destination, byte service) => _byHostService.GetValueOrDefault((destination, service));

    public int HostSourcePort(UInt128 destination, ushort sourcePort) => _byHostSourcePort.GetValueOrDefault((destination, sourcePort));

    private static void Count<TKey>(Dictionary<TKey, int> counts, TKey key, int sign)
        where TKey : notnull
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        count += sign;
        if (count == 0)
        {
            counts.Remove(key);
        }
    }
}
