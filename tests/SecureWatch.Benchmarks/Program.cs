using BenchmarkDotNet.Running;

namespace SecureWatch.Benchmarks;

public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
