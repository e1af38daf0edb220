using System.Runtime.InteropServices;
using SecureWatch.CaptureAgent.Native;

namespace SecureWatch.CaptureAgent.Capture;

/// <summary>
/// Moves the calling thread into another network namespace until disposed. Only this thread moves: Kafka and API
/// connections, made on other threads, stay in the agent's own namespace. A capture socket opened inside keeps
/// capturing there after the thread has returned, because a socket belongs to the namespace it was created in.
/// </summary>
internal sealed class NetworkNamespaceScope : IDisposable
{
    private const string NamedNamespaceDirectory = "/run/netns";

    private readonly int _original;
    private bool _disposed;

    private NetworkNamespaceScope(int original)
    {
        _original = original;
    }

    /// <summary>A name as <c>ip netns</c> knows it (/run/netns/NAME) or a path such as /proc/PID/ns/net.</summary>
    public static string ResolvePath(string nameOrPath) =>
        nameOrPath.Contains('/', StringComparison.Ordinal) ? nameOrPath : Path.Combine(NamedNamespaceDirectory, nameOrPath);

    /// <exception cref="CaptureException">The namespace does not exist or the agent may not enter it.</exception>
    public static NetworkNamespaceScope Enter(string nameOrPath)
    {
        var path = ResolvePath(nameOrPath);
        var target = LibCNamespaces.Open(path, LibCNamespaces.OpenReadOnly | LibCNamespaces.OpenCloseOnExec);
        if (target < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new CaptureException(error switch
            {
                LibCNamespaces.ErrorNoEntry => $"There is no network namespace '{nameOrPath}' ({path} does not exist; see `ip netns list`).",
                LibCNamespaces.ErrorNotPermitted or LibCNamespaces.ErrorAccess => PermissionDenied(path),
                _ => $"Cannot open network namespace {path}: {Marshal.GetPInvokeErrorMessage(error)}.",
            });
        }

        try
        {
            var original = LibCNamespaces.Open("/proc/thread-self/ns/net", LibCNamespaces.OpenReadOnly | LibCNamespaces.OpenCloseOnExec);
            if (original < 0)
            {
                throw new CaptureException($"Cannot open the agent's own network namespace: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }

            if (LibCNamespaces.SetNamespace(target, LibCNamespaces.CloneNewNet) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                LibCNamespaces.Close(original);
                throw new CaptureException(error is LibCNamespaces.ErrorNotPermitted or LibCNamespaces.ErrorAccess
                    ? PermissionDenied(path)
                    : error == LibCNamespaces.ErrorInvalid
                        ? $"{path} is not a network namespace."
                        : $"Cannot enter network namespace {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
            }

            return new NetworkNamespaceScope(original);
        }
        finally
        {
            LibCNamespaces.Close(target);
        }
    }

    private static string PermissionDenied(string path) =>
        $"Permission denied entering network namespace {path}: capturing in another namespace needs the CAP_SYS_ADMIN " +
        "capability (add it to AmbientCapabilities= and CapabilityBoundingSet= of the systemd unit).";

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var returned = LibCNamespaces.SetNamespace(_original, LibCNamespaces.CloneNewNet) == 0;
        var error = Marshal.GetLastPInvokeError();
        LibCNamespaces.Close(_original);
        if (!returned)
        {
            // Carrying on would put this thread's later connections in the wrong namespace.
            Environment.FailFast($"securewatch-capture: cannot return to the agent's own network namespace: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }
}
