namespace SecureWatch.Core.Traffic;

/// <summary>Constant values of the <c>securewatch.traffic.v1</c> message contract.</summary>
public static class TrafficContract
{
    public const string Schema = "securewatch.traffic.v1";

    // The data_source values are the source names: SecureWatch.Core.Sources.DataSourceNames.

    /// <summary>Longest symbolic feature value (protocol_type, service, flag), in UTF-16 code units.</summary>
    public const int MaxFeatureTextLength = 64;

    /// <summary>
    /// What a symbolic feature value may contain: no control characters (C0, DEL, C1), which PostgreSQL's jsonb
    /// (NUL) or the consumers of predictions and dead letters (CR/LF, escapes) cannot take. The JSON schema states it
    /// in the same words.
    /// </summary>
    public const string FeatureTextPattern = @"^[^\u0000-\u001F\u007F-\u009F]+$";

    public const string Tcp = "tcp";
    public const string Udp = "udp";
    public const string Icmp = "icmp";
}
