using System.Runtime.InteropServices;

namespace SecureWatch.CaptureAgent.Native;

/// <summary>open(2), close(2) and setns(2): enough to move one thread into another network namespace and back.</summary>
internal static partial class LibCNamespaces
{
    public const int OpenReadOnly = 0;
    public const int OpenCloseOnExec = 0x80000;
    public const int CloneNewNet = 0x40000000;
    public const int ErrorNotPermitted = 1;
    public const int ErrorNoEntry = 2;
    public const int ErrorAccess = 13;
    public const int ErrorInvalid = 22;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fileDescriptor);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fileDescriptor, int namespaceType);
}
