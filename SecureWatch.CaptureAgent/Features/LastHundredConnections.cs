namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// KDD's host-based traffic features (dst_host_*) over the last 100 reported connections, current one
/// included. dst_host_srv_count counts the same service on any host, as srv_count does.
/// dst_host_same_src_port_rate is a share of dst_host_count (connections to the same host), as in NSL-KDD, where a
/// row with dst_host_count 77 and dst_host_srv_count 1 has the rate 0.01 (1/77), which a share of
/// dst_host_srv_count could never be.
/// </summary>
internal sealed class LastHundredConnections
{
    public const int Size = 100;
    private readonly WindowedConnection[] _ring = new WindowedConnection[Size];
    private readonly ConnectionCounts _counts = new(Size * 2);
    private int _count;
    private int _next;

    public void AddAndCompute(in WindowedConnection current, ref KddFeatureVector features)
    {
        if (_count == Size)
        {
            _counts.Add(_ring[_next], -1);
        }
        else
        {
            _count++;
        }

        _ring[_next] = current;
        _next = (_next + 1) % Size;
        _counts.Add(current, +1);

        var host = _counts.Host(current.Destination);
        var service = _counts.Service(current.Service);
        var sameHostSameService = _counts.HostService(current.Destination, current.Service);
        var sameSourcePort = _counts.HostSourcePort(current.Destination, current.SourcePort);
        features.DstHostCount = host.Connections;
        features.DstHostSrvCount = service.Connections;
        features.DstHostSameSrvRate = KddFeatureVector.Rate(sameHostSameService, host.Connections);
        features.DstHostDiffSrvRate = KddFeatureVector.Rate(host.Connections - sameHostSameService, host.Connections);
        features.DstHostSameSrcPortRate = KddFeatureVector.Rate(sameSourcePort, host.Connections);
        features.DstHostSrvDiffHostRate = KddFeatureVector.Rate(service.Connections - sameHostSameService, service.Connections);
        features.DstHostSerrorRate = KddFeatureVector.Rate(host.SynErrors, host.Connections);
        features.DstHostSrvSerrorRate = KddFeatureVector.Rate(service.SynErrors, service.Connections);
        features.DstHostRerrorRate = KddFeatureVector.Rate(host.RejErrors, host.Connections);
        features.DstHostSrvRerrorRate = KddFeatureVector.Rate(service.RejErrors, service.Connections);
    }
}
