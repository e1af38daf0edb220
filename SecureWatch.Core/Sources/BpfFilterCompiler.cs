using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace SecureWatch.Core.Sources;

/// <summary>
/// Checks a BPF filter with libpcap's own compiler against a dead handle, so the API rejects a filter the
/// capture agent could not apply, with libpcap's reason, before it is stored.
/// </summary>
public static partial class BpfFilterCompiler
{
    public const int LinkTypeEthernet = 1;
    public const int LinkTypeLinuxCooked = 113;

    private const string LibPcap = "libpcap.so.0.8";
    private const uint NetmaskUnknown = 0xffffffff;

    // pcap_compile kept global state before libpcap 1.8; serialising costs nothing at API rates.
    private static readonly Lock CompileLock = new();

    public static bool TryCompile(string filter, int linkType, out string error)
    {
        lock (CompileLock)
        {
            var handle = pcap_open_dead(linkType, 65535);
            if (handle == 0)
            {
                error = "libpcap could not open a handle to compile the filter";
                return false;
            }

            try
            {
                var program = default(BpfProgram);
                if (pcap_compile(handle, ref program, filter, 1, NetmaskUnknown) != 0)
                {
                    error = Marshal.PtrToStringUTF8(pcap_geterr(handle)) ?? "invalid filter";
                    return false;
                }

                pcap_freecode(ref program);
                error = "";
                return true;
            }
            finally
            {
                pcap_close(handle);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct BpfProgram
    {
        public uint Length;
        public nint Instructions;
    }

    [LibraryImport(LibPcap)]
    private static partial nint pcap_open_dead(int linkType, int snapLength);

    [LibraryImport(LibPcap, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int pcap_compile(nint handle, ref BpfProgram program, string filter, int optimize, uint netmask);

    [LibraryImport(LibPcap)]
    private static partial void pcap_freecode(ref BpfProgram program);

    [LibraryImport(LibPcap)]
    private static partial nint pcap_geterr(nint handle);

    [LibraryImport(LibPcap)]
    private static partial void pcap_close(nint handle);
}
