using System.Numerics;

namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// KDD's time-based traffic features (count, srv_count and their rates) over the connections reported in
/// the last two seconds of packet time, current one included.
/// </summary>
internal sealed class TwoSecondWindow
{
    public const long WidthMicros = 2_000_000;

    private readonly WindowedConnection[] _ring;
    private readonly int _mask;
    private readonly ConnectionCounts _counts;
    private long _head;
    private long _tail;

    /// <param name="capacity">Most connections the window holds; beyond it the oldest leave early.</param>
    public TwoSecondWindow(int capacity = 65_536)
    {
        _ring = new WindowedConnection[(int)BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _ring.Length - 1;
        _counts = new ConnectionCounts(_ring.Length);
    }

    public void AddAndCompute(in WindowedConnection current, ref KddFeatureVector features)
    {
        while (_tail != _head && (_ring[_tail & _mask].ReportedMicros < current.ReportedMicros - WidthMicros || _head - _tail == _ring.Length))
        {
            _counts.Add(_ring[_tail & _mask], -1);
            _tail++;
        }

        _ring[_head & _mask] = current;
        _head++;
        _counts.Add(current, +1);

        var host = _counts.Host(current.Destination);
        var service = _counts.Service(current.Service);
        var sameHostSameService = _counts.HostService(current.Destination, current.Service);
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
}
