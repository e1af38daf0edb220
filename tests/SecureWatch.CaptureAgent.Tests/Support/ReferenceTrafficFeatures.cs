namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>
/// The KDD traffic features computed the slow, obvious way (a scan over every earlier record), to check
/// the incremental implementation and the agent's output against.
/// </summary>
internal static class ReferenceTrafficFeatures
{
    public sealed record Connection(double ReportedSeconds, string Destination, string Service, int SourcePort, string Flag);

    public static Dictionary<string, double> Compute(IReadOnlyList<Connection> connections, int index)
    {
        var current = connections[index];
        var window = connections.Take(index + 1).Where(c => c.ReportedSeconds >= current.ReportedSeconds - 2.0 - 1e-9).ToList();
        var lastHundred = connections.Take(index + 1).TakeLast(100).ToList();
        var host = window.Where(c => c.Destination == current.Destination).ToList();
        var service = window.Where(c => c.Service == current.Service).ToList();
        var hostL = lastHundred.Where(c => c.Destination == current.Destination).ToList();
        var serviceL = lastHundred.Where(c => c.Service == current.Service).ToList();
        return new Dictionary<string, double>
        {
            ["count"] = host.Count,
            ["srv_count"] = service.Count,
            ["serror_rate"] = Rate(host.Count(SynError), host.Count),
            ["srv_serror_rate"] = Rate(service.Count(SynError), service.Count),
            ["rerror_rate"] = Rate(host.Count(c => c.Flag == "REJ"), host.Count),
            ["srv_rerror_rate"] = Rate(service.Count(c => c.Flag == "REJ"), service.Count),
            ["same_srv_rate"] = Rate(host.Count(c => c.Service == current.Service), host.Count),
            ["diff_srv_rate"] = Rate(host.Count(c => c.Service != current.Service), host.Count),
            ["srv_diff_host_rate"] = Rate(service.Count(c => c.Destination != current.Destination), service.Count),
            ["dst_host_count"] = hostL.Count,
            ["dst_host_srv_count"] = serviceL.Count,
            ["dst_host_same_srv_rate"] = Rate(hostL.Count(c => c.Service == current.Service), hostL.Count),
            ["dst_host_diff_srv_rate"] = Rate(hostL.Count(c => c.Service != current.Service), hostL.Count),
            ["dst_host_same_src_port_rate"] = Rate(hostL.Count(c => c.SourcePort == current.SourcePort), hostL.Count),
            ["dst_host_srv_diff_host_rate"] = Rate(serviceL.Count(c => c.Destination != current.Destination), serviceL.Count),
            ["dst_host_serror_rate"] = Rate(hostL.Count(SynError), hostL.Count),
            ["dst_host_srv_serror_rate"] = Rate(serviceL.Count(SynError), serviceL.Count),
            ["dst_host_rerror_rate"] = Rate(hostL.Count(c => c.Flag == "REJ"), hostL.Count),
            ["dst_host_srv_rerror_rate"] = Rate(serviceL.Count(c => c.Flag == "REJ"), serviceL.Count),
        };
    }

    private static bool SynError(Connection c) => c.Flag is "S0" or "S1" or "S2" or "S3";

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, MidpointRounding.AwayFromZero) / 100;
}
