using System.Runtime.InteropServices;

namespace SecureWatch.CaptureAgent.Native;

/// <summary>
/// poll(2), to wait for packets with a timeout: libpcap's own read timeout is not honoured on every
/// kernel (TPACKET_V3 may block until a packet comes), so live captures run non-blocking and wait here.
/// </summary>
internal static unsafe partial class LibC
{
    public const short PollIn = 0x001;

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int FileDescriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
