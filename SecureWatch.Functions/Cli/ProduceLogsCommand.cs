using System.CommandLine;
using System.Diagnostics;
using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.LogStreams;
using SecureWatch.Functions.Pipeline;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>produce-logs [--dir DIR] [--topics a,b] [--rate N] [--cycles N] [--batch-size N] [--bootstrap SERVERS]</c>:
/// replays one <c>&lt;topic&gt;.csv</c> per topic as log envelopes, as the design's producers do, N records per second
/// per topic; <c>file_cycle</c> counts the passes over a file (0 cycles: forever). Kafka as for <c>produce</c>.
/// </summary>
internal static class ProduceLogsCommand
{
    /// <summary>Where the build puts the shipped samples, beside the executable.</summary>
    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "LogStreams", "Samples", "data");

    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Directory of <topic>.csv files.", DefaultValueFactory = _ => new DirectoryInfo(SamplesDirectory) };
        var topics = new Option<string?>("--topics") { Description = "Comma-separated topics; default: every topic with a file in --dir." };
        var rate = new Option<double>("--rate") { Description = "Records per second per topic.", DefaultValueFactory = _ => 10 };
        var cycles = new Option<int>("--cycles") { Description = "Passes over each file; 0 repeats until interrupted.", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size") { Description = "Records per batch_info batch.", DefaultValueFactory = _ => 100 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers." };
        var command = new Command("produce-logs", "Replay CSV log files into the log topics as the design's producers do.")
        {
            dir, topics, rate, cycles, batchSize, bootstrap,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            // Checked here rather than in a validator, which sees the defaults as zero.
            var problem = parseResult.GetValue(rate) <= 0 ? "--rate must be positive."
                : parseResult.GetValue(cycles) < 0 ? "--cycles must be 0 (forever) or more."
                : parseResult.GetValue(batchSize) < 1 ? "--batch-size must be at least 1."
                : null;
            if (problem is not null)
            {
                error.WriteLine(problem);
                return Task.FromResult(2);
            }

            var servers = parseResult.GetValue(bootstrap) ?? ProduceCommand.FindBootstrap();
            if (servers is null)
            {
                error.WriteLine("No Kafka to send to: pass --bootstrap, set Kafka__BootstrapServers, or start the host (it writes "
                    + $"{DataDirectory.BootstrapFile(ProduceCommand.Configuration())}).");
                return Task.FromResult(2);
            }

            var directory = parseResult.GetRequiredValue(dir).FullName;
            var names = parseResult.GetValue(topics) is { Length: > 0 } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [.. Directory.EnumerateFiles(directory, "*.csv").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];
            var missing = names.FirstOrDefault(t => !File.Exists(Path.Combine(directory, t + ".csv")));
            if (names.Length == 0 || missing is not null)
            {
                error.WriteLine(missing is null ? $"No <topic>.csv files in {directory}." : $"No {missing}.csv in {directory}.");
                return Task.FromResult(2);
            }

            return Task.FromResult(Send(servers, directory, names, parseResult.GetValue(rate), parseResult.GetValue(cycles),
                parseResult.GetValue(batchSize), error, cancellationToken));
        });
        return command;
    }

    private static int Send(
        string servers, string directory, IReadOnlyList<string> topics, double rate, int cycles, int batchSize, TextWriter error,
        CancellationToken cancellationToken)
    {
        var clients = new KafkaClientFactory(new KafkaOptions { BootstrapServers = servers, ClientId = "securewatch-produce-logs" });
        using var producer = clients.CreateProducerBuilder<byte[]?, byte[]>().Build();
        var replayers = topics.Select(t => LogCsvReplayer.Open(Path.Combine(directory, t + ".csv"), t, batchSize: batchSize)).ToList();
        var active = new List<LogCsvReplayer>(replayers);
        long sent = 0;
        long failed = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            for (long step = 0; active.Count > 0 && !cancellationToken.IsCancellationRequested; step++)
            {
                // Steady pacing: step n leaves at n / rate seconds, one record of every topic per step.
                var due = TimeSpan.FromSeconds(step / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(due))
                {
                    break;
                }

                foreach (var replayer in active.ToList())
                {
                    if (!Next(replayer, cycles, out var record))
                    {
                        active.Remove(replayer);
                        continue;
                    }

                    producer.Produce(replayer.Topic, new Message<byte[]?, byte[]> { Value = record.Utf8.ToArray() }, report =>
                    {
                        if (report.Error.IsError)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    });
                    sent++;
                }
            }
        }
        finally
        {
            producer.Flush(TimeSpan.FromSeconds(30));
            foreach (var replayer in replayers)
            {
                replayer.Dispose();
            }
        }

        error.WriteLine($"produced {sent} log records to {string.Join(", ", topics)} on {servers} in {clock.Elapsed.TotalSeconds:F1} s ({Interlocked.Read(ref failed)} failed)");
        return Interlocked.Read(ref failed) == 0 ? 0 : 1;
    }

    private static bool Next(LogCsvReplayer replayer, int cycles, out LogReplayRecord record)
    {
        if (replayer.TryNext(DateTimeOffset.UtcNow, out record))
        {
            return true;
        }

        if (cycles != 0 && replayer.FileCycle >= cycles)
        {
            return false;
        }

        replayer.Rewind();
        return replayer.TryNext(DateTimeOffset.UtcNow, out record);
    }
}
