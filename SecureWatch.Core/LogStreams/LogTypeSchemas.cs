namespace SecureWatch.Core.LogStreams;

/// <summary>
/// The known columns of each of the seven log types, declared once: rule files are checked against them and the
/// sample generator writes them as its CSV headers.
/// </summary>
public static class LogTypeSchemas
{
    private const LogFieldKind T = LogFieldKind.Text;
    private const LogFieldKind N = LogFieldKind.Number;
    private const LogFieldKind Ts = LogFieldKind.Timestamp;

    /// <summary>CERT insider-threat dataset: logon.csv (activity Logon, Logoff or Failed Logon).</summary>
    public static LogTypeSchema Logon { get; } = new(LogTopics.Logon, "date",
        [new("id", T), new("date", Ts), new("user", T), new("pc", T), new("activity", T)]);

    /// <summary>CERT insider-threat dataset: device.csv (activity Connect or Disconnect of removable media).</summary>
    public static LogTypeSchema Device { get; } = new(LogTopics.Device, "date",
        [new("id", T), new("date", Ts), new("user", T), new("pc", T), new("activity", T)]);

    /// <summary>CERT insider-threat dataset: http.csv.</summary>
    public static LogTypeSchema Http { get; } = new(LogTopics.Http, "date",
        [new("id", T), new("date", Ts), new("user", T), new("pc", T), new("url", T)]);

    public static LogTypeSchema Netflow { get; } = new(LogTopics.Netflow, "time",
    [
        new("time", Ts), new("duration", N), new("src_ip", T), new("dst_ip", T), new("src_port", N), new("dst_port", N),
        new("protocol", T), new("packets", N), new("bytes", N),
    ]);

    /// <summary>Windows-style event log entries (event_id as in the Security / System channels).</summary>
    public static LogTypeSchema HostEvent { get; } = new(LogTopics.HostEvent, "time",
    [
        new("time", Ts), new("host", T), new("event_id", N), new("channel", T), new("provider", T), new("level", T),
        new("user", T), new("target_user", T), new("group_name", T), new("message", T),
    ]);

    /// <summary>Combined access log fields of a web server.</summary>
    public static LogTypeSchema WebServer { get; } = new(LogTopics.WebServer, "time",
    [
        new("time", Ts), new("client_ip", T), new("ident", T), new("auth_user", T), new("method", T), new("path", T),
        new("protocol", T), new("status", N), new("bytes", N), new("referrer", T), new("user_agent", T),
    ]);

    /// <summary>The columns of the public cybersecurity_attacks.csv.</summary>
    public static LogTypeSchema CybersecurityAttacks { get; } = new(LogTopics.CybersecurityAttacks, "Timestamp",
    [
        new("Timestamp", Ts), new("Source IP Address", T), new("Destination IP Address", T), new("Source Port", N),
        new("Destination Port", N), new("Protocol", T), new("Packet Length", N), new("Packet Type", T),
        new("Traffic Type", T), new("Payload Data", T), new("Malware Indicators", T), new("Anomaly Scores", N),
        new("Alerts/Warnings", T), new("Attack Type", T), new("Attack Signature", T), new("Action Taken", T),
        new("Severity Level", T), new("User Information", T), new("Device Information", T), new("Network Segment", T),
        new("Geo-location Data", T), new("Proxy Information", T), new("Firewall Logs", T), new("IDS/IPS Alerts", T),
        new("Log Source", T),
    ]);

    public static IReadOnlyList<LogTypeSchema> All { get; } = [CybersecurityAttacks, Netflow, Device, HostEvent, Http, Logon, WebServer];

    public static bool TryGet(string logType, out LogTypeSchema schema)
    {
        foreach (var candidate in All)
        {
            if (candidate.LogType == logType)
            {
                schema = candidate;
                return true;
            }
        }

        schema = null!;
        return false;
    }
}
