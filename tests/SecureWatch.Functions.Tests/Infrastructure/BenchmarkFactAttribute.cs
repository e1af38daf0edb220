namespace SecureWatch.Functions.Tests.Infrastructure;

/// <summary>
/// A measurement that needs the real host and a quiet machine: run by scripts/bench.sh (which sets
/// SECUREWATCH_BENCH=1), skipped in the test suite, where a shared machine would make its figures meaningless.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public const string Variable = "SECUREWATCH_BENCH";

    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"a benchmark: scripts/bench.sh logs runs it ({Variable}=1)";
        }
    }
}
