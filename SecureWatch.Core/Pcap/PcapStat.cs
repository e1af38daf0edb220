using System.Runtime.InteropServices;

namespace SecureWatch.Core.Pcap;

/// <summary><c>struct pcap_stat</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PcapStat
{
    public uint Received;
    public uint Dropped;
    public uint InterfaceDropped;
}
