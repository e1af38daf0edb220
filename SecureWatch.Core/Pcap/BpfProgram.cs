using System.Runtime.InteropServices;

namespace SecureWatch.Core.Pcap;

/// <summary><c>struct bpf_program</c>: filled by pcap_compile, released by pcap_freecode.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfProgram
{
    public uint InstructionCount;
    public nint Instructions;
}
