namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// KDD's host-based traffic features (dst_host_*) over the last 100 reported connections, current one
/// included. dst_host_srv_count counts the same service on any host, as srv_count does.
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
        var sameSourcePort = _counts.ServiceSourcePort(current.Service, current.SourcePort);
        features.DstHostCount = host.Connections;
        features.DstHostSrvCount = service.Connections;
        features.DstHostSameSrvRate = KddFeatureVector.Rate(sameHostSameService, host.Connections);
        features.DstHostDiffSrvRate = KddFeatureVector.Rate(host.Connections - sameHostSameService, host.Connections);
        features.DstHostSameSrcPortRate = KddFeatureVector.Rate(sameSourcePort, service.Connections);
        features.DstHostSrvDiffHostRate = KddFeatureVector.Rate(service.Connections - sameHostSameService, service.Connections);
        features.DstHostSerrorRate = KddFeatureVector.Rate(host.SynErrors, host.Connections);
        features.DstHostSrvSerrorRate = KddFeatureVector.Rate(service.SynErrors, service.Connections);
        features.DstHostRerrorRate = KddFeatureVector.Rate(host.RejErrors, host.Connections);
        features.DstHostSrvRerrorRate = KddFeatureVector.Rate(service.RejErrors, service.Connections);
    }
}
