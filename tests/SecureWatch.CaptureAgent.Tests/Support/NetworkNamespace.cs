using System.Diagnostics;
using System.Text;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>
/// A throw-away network namespace with only its loopback interface up, so that test traffic (scans,
/// floods) never leaves it and never meets the host's own services.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private readonly List<Process> _processes = [];

    public NetworkNamespace()
    {
        Name = $"sw-test-{Guid.NewGuid().ToString("N")[..10]}";
        ProcessRunner.RunChecked("ip", "netns", "add", Name);
        ProcessRunner.RunChecked("ip", "-n", Name, "link", "set", "lo", "up");
    }

    public string Name { get; }

    public ProcessResult Run(params string[] command) => ProcessRunner.Run("ip", ["netns", "exec", Name, .. command], TimeSpan.FromMinutes(3));

    /// <summary>Starts a long-running process in the namespace; it is stopped when the namespace is disposed.</summary>
    public Process Start(string[] command, out StringBuilder output, out StringBuilder error)
    {
        var process = ProcessRunner.Start("ip", ["netns", "exec", Name, .. command], out output, out error);
        _processes.Add(process);
        return process;
    }

    public Process Start(params string[] command) => Start(command, out _, out _);

    /// <summary>Waits until something listens on the TCP port inside the namespace.</summary>
    public bool WaitForListener(int port) => ProcessRunner.WaitFor(
        () => Run("ss", "-Hltn", $"sport = :{port}").StandardOutput.Contains($":{port}", StringComparison.Ordinal),
        TimeSpan.FromSeconds(15));

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }

            process.Dispose();
        }

        ProcessRunner.Run("ip", ["netns", "del", Name]);
    }
}
