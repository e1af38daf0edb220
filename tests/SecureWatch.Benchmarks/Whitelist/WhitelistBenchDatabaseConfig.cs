using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;

namespace SecureWatch.Benchmarks.Whitelist;

/// <summary>
/// Leaves the PostgreSQL benchmarks out, with a message, when no benchmark database is configured, so the in-memory
/// benchmarks run anywhere.
/// </summary>
public sealed class WhitelistBenchDatabaseConfig : ManualConfig
{
    public const string EnvironmentVariable = "SECUREWATCH_BENCH_DB";

    // BenchmarkDotNet builds the config several times; the message is worth reading once.
    private static int _skipAnnounced;

    public WhitelistBenchDatabaseConfig()
    {
        if (ConnectionString is null)
        {
            if (Interlocked.Exchange(ref _skipAnnounced, 1) == 0)
            {
                Console.WriteLine($"// {EnvironmentVariable} is not set: skipping the PostgreSQL whitelist benchmarks. "
                    + "Set it to an Npgsql connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=bench) to run them.");
            }

            AddFilter(new SimpleFilter(_ => false));
        }
    }

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;
}
