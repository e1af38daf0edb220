using Microsoft.Win32.SafeHandles;

namespace SecureWatch.Core.Pcap;

/// <summary>An open <c>pcap_t</c>; closing it releases the capture socket or file.</summary>
internal sealed class PcapHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PcapHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibPcap.Close(handle);
        return true;
    }
}
