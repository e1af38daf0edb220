using System.CommandLine;
using BenchmarkDotNet.Running;
using SecureWatch.Benchmarks.Latency;

namespace SecureWatch.Benchmarks;

public static class BenchmarkProgram
{
    /// <summary><c>latency ...</c> runs the latency measurement; anything else goes to BenchmarkDotNet.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["latency", ..])
        {
            return await new RootCommand("SecureWatch benchmarks") { LatencyCommand.Create() }.Parse(args).InvokeAsync();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
