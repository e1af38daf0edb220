namespace SecureWatch.Functions.Security;

/// <summary>
/// Readers may call every GET; analysts may also change alerts; admins may call everything. The role names are also
/// the policy names. A capture agent's key may only read the packet_capture source and report its heartbeat
/// (<see cref="PacketCaptureReader"/>, <see cref="AgentReporter"/>), so a key left on a capture host opens nothing else.
/// </summary>
public static class ApiRoles
{
    public const string Reader = "reader";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
    public const string Agent = "agent";

    /// <summary>Policy: read the packet_capture source (readers and agents).</summary>
    public const string PacketCaptureReader = "packet-capture-reader";

    /// <summary>Policy: report a capture agent's heartbeat (agents and admins).</summary>
    public const string AgentReporter = "agent-reporter";

    /// <summary>The roles that may read everything, and so also listen on the hub.</summary>
    public static IReadOnlyList<string> Readers { get; } = [Reader, Analyst, Admin];

    /// <summary>The roles a configured key may have.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Analyst, Reader, Agent];
}
