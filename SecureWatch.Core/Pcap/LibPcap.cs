using System.Reflection;
using System.Runtime.InteropServices;
using SecureWatch.Core.Native;

namespace SecureWatch.Core.Pcap;

/// <summary>
/// The part of the libpcap API SecureWatch uses: capture in the agent, filter checks in the API. The library is
/// resolved by its soname so that hosts with only the runtime package (Debian libpcap0.8, Fedora libpcap) work
/// without the -dev symlink.
/// </summary>
internal static unsafe partial class LibPcap
{
    public const int ErrorBufferSize = 256;
    public const int ErrorGeneric = -1;
    public const int ErrorBreak = -2;
    public const int ErrorNoSuchDevice = -5;
    public const int ErrorPermissionDenied = -8;
    public const int ErrorInterfaceNotUp = -9;
    public const int ErrorPromiscuousPermissionDenied = -11;
    public const uint NetmaskUnknown = 0xffffffff;

    private const string Library = "libpcap";
    private static readonly string[] Candidates = ["libpcap.so.1", "libpcap.so.0.8", "libpcap.so", "libpcap.dylib", "wpcap"];

    static LibPcap()
    {
        NativeLibraryResolver.Register(Library, (assembly, searchPath) => Resolve(Library, assembly, searchPath));
    }

    [LibraryImport(Library, EntryPoint = "pcap_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial PcapHandle Create(string source, byte* errorBuffer);

    [LibraryImport(Library, EntryPoint = "pcap_open_dead")]
    public static partial PcapHandle OpenDead(int linkType, int snapshotLength);

    [LibraryImport(Library, EntryPoint = "pcap_open_offline", StringMarshalling = StringMarshalling.Utf8)]
    public static partial PcapHandle OpenOffline(string path, byte* errorBuffer);

    [LibraryImport(Library, EntryPoint = "pcap_set_snaplen")]
    public static partial int SetSnapshotLength(PcapHandle pcap, int snapshotLength);

    [LibraryImport(Library, EntryPoint = "pcap_set_promisc")]
    public static partial int SetPromiscuous(PcapHandle pcap, int promiscuous);

    [LibraryImport(Library, EntryPoint = "pcap_set_timeout")]
    public static partial int SetTimeout(PcapHandle pcap, int milliseconds);

    [LibraryImport(Library, EntryPoint = "pcap_set_buffer_size")]
    public static partial int SetBufferSize(PcapHandle pcap, int bytes);

    [LibraryImport(Library, EntryPoint = "pcap_set_immediate_mode")]
    public static partial int SetImmediateMode(PcapHandle pcap, int immediate);

    [LibraryImport(Library, EntryPoint = "pcap_activate")]
    public static partial int Activate(PcapHandle pcap);

    [LibraryImport(Library, EntryPoint = "pcap_setnonblock")]
    public static partial int SetNonBlocking(PcapHandle pcap, int nonBlocking, byte* errorBuffer);

    [LibraryImport(Library, EntryPoint = "pcap_get_selectable_fd")]
    public static partial int GetSelectableFileDescriptor(PcapHandle pcap);

    [LibraryImport(Library, EntryPoint = "pcap_geterr")]
    public static partial nint GetError(PcapHandle pcap);

    [LibraryImport(Library, EntryPoint = "pcap_statustostr")]
    public static partial nint StatusToString(int status);

    [LibraryImport(Library, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Compile(PcapHandle pcap, BpfProgram* program, string expression, int optimize, uint netmask);

    [LibraryImport(Library, EntryPoint = "pcap_setfilter")]
    public static partial int SetFilter(PcapHandle pcap, BpfProgram* program);

    [LibraryImport(Library, EntryPoint = "pcap_freecode")]
    public static partial void FreeCode(BpfProgram* program);

    [LibraryImport(Library, EntryPoint = "pcap_next_ex")]
    public static partial int NextEx(PcapHandle pcap, PcapPacketHeader** header, byte** data);

    [LibraryImport(Library, EntryPoint = "pcap_stats")]
    public static partial int Stats(PcapHandle pcap, PcapStat* stats);

    [LibraryImport(Library, EntryPoint = "pcap_datalink")]
    public static partial int DataLink(PcapHandle pcap);

    [LibraryImport(Library, EntryPoint = "pcap_breakloop")]
    public static partial void BreakLoop(PcapHandle pcap);

    [LibraryImport(Library, EntryPoint = "pcap_close")]
    public static partial void Close(nint pcap);

    public static string ErrorText(PcapHandle pcap) => Marshal.PtrToStringUTF8(GetError(pcap)) ?? "unknown libpcap error";

    public static string StatusText(int status) => Marshal.PtrToStringUTF8(StatusToString(status)) ?? $"libpcap status {status}";

    public static string ErrorBufferText(byte* errorBuffer) => Marshal.PtrToStringUTF8((nint)errorBuffer) ?? string.Empty;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var loaded))
            {
                return loaded;
            }
        }

        throw new DllNotFoundException("libpcap was not found: install it (Debian/Ubuntu: apt-get install libpcap0.8).");
    }
}
