using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Features;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>Builds the <c>securewatch.traffic.v1</c> record (feature set header28) of a reported connection.</summary>
internal static class TrafficRecordFactory
{
    public static TrafficRecord Create(in CompletedConnection connection, in KddFeatureVector f)
    {
        var protocol = ProtocolName(connection.Protocol);
        var features = new Dictionary<string, TrafficFeatureValue>(KddFeatureSet.Header28.Count, StringComparer.Ordinal)
        {
            ["duration"] = f.Duration,
            ["protocol_type"] = protocol,
            ["service"] = KddServices.Name(f.Service),
            ["flag"] = f.Flag.ToString(),
            ["src_bytes"] = f.SrcBytes,
            ["dst_bytes"] = f.DstBytes,
            ["land"] = f.Land,
            ["wrong_fragment"] = f.WrongFragment,
            ["urgent"] = f.Urgent,
            ["count"] = f.Count,
            ["srv_count"] = f.SrvCount,
            ["serror_rate"] = f.SerrorRate,
            ["srv_serror_rate"] = f.SrvSerrorRate,
            ["rerror_rate"] = f.RerrorRate,
            ["srv_rerror_rate"] = f.SrvRerrorRate,
            ["same_srv_rate"] = f.SameSrvRate,
            ["diff_srv_rate"] = f.DiffSrvRate,
            ["srv_diff_host_rate"] = f.SrvDiffHostRate,
            ["dst_host_count"] = f.DstHostCount,
            ["dst_host_srv_count"] = f.DstHostSrvCount,
            ["dst_host_same_srv_rate"] = f.DstHostSameSrvRate,
            ["dst_host_diff_srv_rate"] = f.DstHostDiffSrvRate,
            ["dst_host_same_src_port_rate"] = f.DstHostSameSrcPortRate,
            ["dst_host_srv_diff_host_rate"] = f.DstHostSrvDiffHostRate,
            ["dst_host_serror_rate"] = f.DstHostSerrorRate,
            ["dst_host_srv_serror_rate"] = f.DstHostSrvSerrorRate,
            ["dst_host_rerror_rate"] = f.DstHostRerrorRate,
            ["dst_host_srv_rerror_rate"] = f.DstHostSrvRerrorRate,
        };
        return new TrafficRecord
        {
            EventId = Guid.CreateVersion7(),
            ObservedAt = DateTimeOffset.UnixEpoch.AddTicks(connection.ReportedMicros * TimeSpan.TicksPerMicrosecond),
            DataSource = DataSourceNames.PacketCapture,
            Flow = new TrafficFlow(
                IpAddressBits.ToIpAddress(connection.OriginatorAddress).ToString(),
                IpAddressBits.ToIpAddress(connection.ResponderAddress).ToString(),
                connection.OriginatorPort,
                connection.ResponderPort,
                protocol),
            FeatureSet = KddFeatureSet.Header28.Name,
            Features = features,
        };
    }

    public static string ProtocolName(byte protocol) => protocol switch
    {
        IpProtocols.Tcp => TrafficContract.Tcp,
        IpProtocols.Udp => TrafficContract.Udp,
        _ => TrafficContract.Icmp,
    };
}
