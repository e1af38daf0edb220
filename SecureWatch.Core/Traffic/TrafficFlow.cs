namespace SecureWatch.Core.Traffic;

/// <summary>
/// The connection a record describes, seen from its originator. For ICMP the ports carry the ICMP type
/// (<see cref="SrcPort"/>) and code (<see cref="DstPort"/>) of the originator's first message, as NetFlow does.
/// </summary>
public sealed record TrafficFlow(string SrcIp, string DstIp, int SrcPort, int DstPort, string Protocol);
