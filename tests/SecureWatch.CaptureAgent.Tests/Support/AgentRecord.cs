using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>A record read back from the agent's JSON-lines output, with handy accessors.</summary>
internal sealed record AgentRecord(TrafficRecord Record, int Line)
{
    public string Flag => Text("flag");

    public string Service => Text("service");

    public string ProtocolType => Text("protocol_type");

    public double this[string feature] => Record.Features[feature].Number;

    public TrafficFlow Flow => Record.Flow;

    public string Text(string feature) => Record.Features[feature].Text!;
}
