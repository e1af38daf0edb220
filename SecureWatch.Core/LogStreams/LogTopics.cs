namespace SecureWatch.Core.LogStreams;

/// <summary>The seven log topics of the log-streams design; each topic's name is also its <c>log_type</c>.</summary>
public static class LogTopics
{
    public const string CybersecurityAttacks = "cybersecurity_attacks";
    public const string Netflow = "netflow";
    public const string Device = "device";
    public const string HostEvent = "hostevent";
    public const string Http = "http";
    public const string Logon = "logon";
    public const string WebServer = "webserver";

    public static IReadOnlyList<string> All { get; } = [CybersecurityAttacks, Netflow, Device, HostEvent, Http, Logon, WebServer];
}
