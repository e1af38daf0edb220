using System.Diagnostics;
using System.Text;
using SecureWatch.Testing;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Runs real processes, capturing their output.</summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunWithEnvironment(fileName, arguments, new Dictionary<string, string>(), timeout);

    /// <summary>Runs a process to its end with extra environment variables.</summary>
    public static ProcessResult RunWithEnvironment(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        using var process = Start(fileName, arguments, environment, out var output, out var error);
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
    }

    public static ProcessResult RunChecked(string fileName, params string[] arguments)
    {
        var result = Run(fileName, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        }

        return result;
    }

    /// <summary>Starts a process whose output accumulates in the given builders.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, out StringBuilder output, out StringBuilder error) =>
        Start(fileName, arguments, new Dictionary<string, string>(), out output, out error);

    /// <summary>Starts a process with extra environment variables.</summary>
    public static Process Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, out StringBuilder output, out StringBuilder error)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        ChildProcessGate.Start(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = stdout;
        error = stderr;
        return process;
    }

    /// <summary>Sends a signal (e.g. INT, TERM) so the process can shut down cleanly.</summary>
    public static void Signal(Process process, string signal) => RunChecked("kill", $"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }
}
