using System.CommandLine;
using BenchmarkDotNet.Running;
using SecureWatch.Benchmarks.Capture;
using SecureWatch.Benchmarks.Latency;

namespace SecureWatch.Benchmarks;

public static class BenchmarkProgram
{
    /// <summary><c>latency ...</c> runs the latency measurement, <c>capture-pcap PATH</c> writes the replay pcap,
    /// <c>capture-kafka ...</c> times the agent delivering it to Kafka; anything else goes to BenchmarkDotNet.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["latency" or "capture-pcap" or "capture-kafka", ..])
        {
            var commands = new RootCommand("SecureWatch benchmarks") { LatencyCommand.Create(), CapturePcapCommand.Create(), CaptureKafkaCommand.Create() };
            return await commands.Parse(args).InvokeAsync();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
