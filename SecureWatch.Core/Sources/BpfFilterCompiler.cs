using SecureWatch.Core.Pcap;

namespace SecureWatch.Core.Sources;

/// <summary>
/// Checks a BPF filter with libpcap's own compiler against a dead handle, so the API rejects a filter the
/// capture agent could not apply, with libpcap's reason, before it is stored.
/// </summary>
public static class BpfFilterCompiler
{
    public const int LinkTypeEthernet = 1;
    public const int LinkTypeLinuxCooked = 113;

    // pcap_compile kept global state before libpcap 1.8; serialising costs nothing at API rates.
    private static readonly Lock CompileLock = new();

    public static unsafe bool TryCompile(string filter, int linkType, out string error)
    {
        lock (CompileLock)
        {
            using var handle = LibPcap.OpenDead(linkType, 65535);
            if (handle.IsInvalid)
            {
                error = "libpcap could not open a handle to compile the filter";
                return false;
            }

            var program = default(BpfProgram);
            if (LibPcap.Compile(handle, &program, filter, 1, LibPcap.NetmaskUnknown) != 0)
            {
                error = LibPcap.ErrorText(handle);
                return false;
            }

            LibPcap.FreeCode(&program);
            error = "";
            return true;
        }
    }
}
