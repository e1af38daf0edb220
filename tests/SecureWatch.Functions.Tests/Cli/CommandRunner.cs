using System.CommandLine;
using SecureWatch.Functions.Cli;

namespace SecureWatch.Functions.Tests.Cli;

/// <summary>Runs the real command line in-process, capturing what it prints.</summary>
internal static class CommandRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SecureWatchCommandLine.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
