namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// KDD's host-based traffic features (dst_host_*) over the last 100 reported connections, current one
/// included. dst_host_srv_count counts the same service on any host, as srv_count does.
/// </summary>
internal sealed class LastHundredConnections
{
    public const int Size = 100;
    private readonly WindowedConnection[] _ring = new WindowedConnection[Size];
    private int _count;
    private int _next;

    public void AddAndCompute(in WindowedConnection current, ref KddFeatureVector features)
    {
        _ring[_next] = current;
        _next = (_next + 1) % Size;
        _count = Math.Min(_count + 1, Size);

        int sameHost = 0, sameService = 0, sameHostSameService = 0, sameServiceSameSourcePort = 0;
        int hostSynErrors = 0, hostRejErrors = 0, serviceSynErrors = 0, serviceRejErrors = 0;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var past = ref _ring[i];
            var host = past.Destination == current.Destination;
            var service = past.Service == current.Service;
            if (host)
            {
                sameHost++;
                hostSynErrors += past.SynError ? 1 : 0;
                hostRejErrors += past.RejError ? 1 : 0;
                sameHostSameService += service ? 1 : 0;
            }

            if (service)
            {
                sameService++;
                serviceSynErrors += past.SynError ? 1 : 0;
                serviceRejErrors += past.RejError ? 1 : 0;
                sameServiceSameSourcePort += past.SourcePort == current.SourcePort ? 1 : 0;
            }
        }

        features.DstHostCount = sameHost;
        features.DstHostSrvCount = sameService;
        features.DstHostSameSrvRate = KddFeatureVector.Rate(sameHostSameService, sameHost);
        features.DstHostDiffSrvRate = KddFeatureVector.Rate(sameHost - sameHostSameService, sameHost);
        features.DstHostSameSrcPortRate = KddFeatureVector.Rate(sameServiceSameSourcePort, sameService);
        features.DstHostSrvDiffHostRate = KddFeatureVector.Rate(sameService - sameHostSameService, sameService);
        features.DstHostSerrorRate = KddFeatureVector.Rate(hostSynErrors, sameHost);
        features.DstHostSrvSerrorRate = KddFeatureVector.Rate(serviceSynErrors, sameService);
        features.DstHostRerrorRate = KddFeatureVector.Rate(hostRejErrors, sameHost);
        features.DstHostSrvRerrorRate = KddFeatureVector.Rate(serviceRejErrors, sameService);
    }
}
