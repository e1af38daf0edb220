using System.Runtime.InteropServices;

namespace SecureWatch.Core.Pcap;

/// <summary><c>struct pcap_pkthdr</c> on 64-bit Linux (a <c>struct timeval</c> of two longs, then two u_ints).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PcapPacketHeader
{
    public long Seconds;
    public long Microseconds;
    public uint CapturedLength;
    public uint OriginalLength;
}
