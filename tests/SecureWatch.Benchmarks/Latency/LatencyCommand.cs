using System.CommandLine;
using SecureWatch.Benchmarks.Whitelist;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>
/// <c>latency [--rate N] [--seconds N] [--warmup N] [--drain N] [--linger-ms N] [--topic]</c>: end-to-end latency
/// percentiles of the scoring pipeline at a sustained rate, from produce to SignalR client receipt. Needs
/// SECUREWATCH_BENCH_DB like the database benchmarks.
/// </summary>
public static class LatencyCommand
{
    public static Command Create()
    {
        var rate = new Option<double>("--rate") { Description = "Messages per second to sustain.", DefaultValueFactory = _ => 5000 };
        var seconds = new Option<int>("--seconds") { Description = "Measured period in seconds.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds sent first and left out of the figures.", DefaultValueFactory = _ => 5 };
        var drain = new Option<int>("--drain") { Description = "Seconds without progress after which missing predictions count as lost.", DefaultValueFactory = _ => 10 };
        var linger = new Option<double>("--linger-ms") { Description = "The producer's linger.ms.", DefaultValueFactory = _ => 1 };
        var topic = new Option<bool>("--topic") { Description = "Also time arrival on the predictions topic." };
        var command = new Command("latency", "End-to-end latency from produce to SignalR client receipt at a sustained rate.")
        {
            rate, seconds, warmup, drain, linger, topic,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (WhitelistBenchDatabaseConfig.ConnectionString is not { } server)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"{WhitelistBenchDatabaseConfig.EnvironmentVariable} is not set: give it an Npgsql connection string of a server "
                    + "where the benchmark may create a database (scripts/bench.sh sets it).");
                return 2;
            }

            var settings = new LatencySettings(
                parseResult.GetValue(rate), parseResult.GetValue(seconds), parseResult.GetValue(warmup), parseResult.GetValue(drain),
                parseResult.GetValue(linger), parseResult.GetValue(topic));
            if (settings.Rate is <= 0 or > 1_000_000 || settings.Seconds < 1 || settings.Warmup < 0 || settings.Drain < 1 || settings.LingerMs < 0)
            {
                // Checked here rather than in a validator: validators see options left at their defaults as unset.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    "--rate must be in (0, 1000000], --seconds and --drain at least 1, --warmup and --linger-ms not negative.");
                return 2;
            }

            return await new LatencyRun(settings, parseResult.InvocationConfiguration.Output).RunAsync(server, cancellationToken);
        });
        return command;
    }
}
