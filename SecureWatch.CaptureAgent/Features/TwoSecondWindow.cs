using System.Numerics;
using System.Runtime.InteropServices;

namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// KDD's time-based traffic features (count, srv_count and their rates) over the connections reported in
/// the last two seconds of packet time, current one included. Counts are kept per destination host, per
/// service and per (host, service) and updated as connections enter and leave the window, so a flood costs
/// O(1) per connection rather than a scan of the window.
/// </summary>
internal sealed class TwoSecondWindow
{
    public static readonly long WidthMicros = 2_000_000;

    private readonly WindowedConnection[] _ring;
    private readonly int _mask;
    private readonly Dictionary<UInt128, TimeWindowCounts> _byHost;
    private readonly TimeWindowCounts[] _byService = new TimeWindowCounts[256];
    private readonly Dictionary<(UInt128 Host, byte Service), int> _byHostService;
    private long _head;
    private long _tail;

    /// <param name="capacity">Most connections the window holds; beyond it the oldest leave early.</param>
    public TwoSecondWindow(int capacity = 65_536)
    {
        _ring = new WindowedConnection[(int)BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _ring.Length - 1;
        _byHost = new Dictionary<UInt128, TimeWindowCounts>(_ring.Length);
        _byHostService = new Dictionary<(UInt128, byte), int>(_ring.Length);
    }

    public void AddAndCompute(in WindowedConnection current, ref KddFeatureVector features)
    {
        while (_tail != _head && (_ring[_tail & _mask].ReportedMicros < current.ReportedMicros - WidthMicros || _head - _tail == _ring.Length))
        {
            Update(_ring[_tail & _mask], -1);
            _tail++;
        }

        _ring[_head & _mask] = current;
        _head++;
        Update(current, +1);

        var host = _byHost[current.Destination];
        var service = _byService[current.Service];
        var sameHostSameService = _byHostService[(current.Destination, current.Service)];
        features.Count = host.Connections;
        features.SrvCount = service.Connections;
        features.SerrorRate = KddFeatureVector.Rate(host.SynErrors, host.Connections);
        features.RerrorRate = KddFeatureVector.Rate(host.RejErrors, host.Connections);
        features.SrvSerrorRate = KddFeatureVector.Rate(service.SynErrors, service.Connections);
        features.SrvRerrorRate = KddFeatureVector.Rate(service.RejErrors, service.Connections);
        features.SameSrvRate = KddFeatureVector.Rate(sameHostSameService, host.Connections);
        features.DiffSrvRate = KddFeatureVector.Rate(host.Connections - sameHostSameService, host.Connections);
        features.SrvDiffHostRate = KddFeatureVector.Rate(service.Connections - sameHostSameService, service.Connections);
    }

    private void Update(in WindowedConnection connection, int sign)
    {
        ref var host = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHost, connection.Destination, out _);
        host.Add(sign, connection.SynError, connection.RejError);
        if (host.Connections == 0)
        {
            _byHost.Remove(connection.Destination);
        }

        _byService[connection.Service].Add(sign, connection.SynError, connection.RejError);
        var key = (connection.Destination, connection.Service);
        ref var pair = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHostService, key, out _);
        pair += sign;
        if (pair == 0)
        {
            _byHostService.Remove(key);
        }
    }
}
