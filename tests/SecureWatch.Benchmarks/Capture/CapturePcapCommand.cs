using System.CommandLine;

namespace SecureWatch.Benchmarks.Capture;

/// <summary><c>capture-pcap PATH</c>: writes the reference capture of the replay benchmark (see <see cref="ReplayCaptureFile"/>).</summary>
public static class CapturePcapCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Where to write the pcap file." };
        var command = new Command("capture-pcap", "Writes the reference pcap of the agent-against-tcpdump replay benchmark.") { path };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(path)!;
            var partial = target + ".partial";
            ReplayCaptureFile.Write(partial);
            File.Move(partial, target, overwrite: true);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {target} ({new FileInfo(target).Length / 1_000_000} MB)");
            return 0;
        });
        return command;
    }
}
