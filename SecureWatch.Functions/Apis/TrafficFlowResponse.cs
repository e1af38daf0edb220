namespace SecureWatch.Functions.Apis;

/// <summary>The connection a stored record describes; parts the source did not report are null.</summary>
public sealed record TrafficFlowResponse(string? SrcIp, string? DstIp, int? SrcPort, int? DstPort, string? Protocol);
