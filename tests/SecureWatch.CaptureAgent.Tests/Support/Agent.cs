using System.Text;
using System.Text.Json;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>Runs the real agent executable (dotnet SecureWatch.CaptureAgent.dll) and reads what it wrote.</summary>
internal static class Agent
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "SecureWatch.CaptureAgent.dll");

    public static string DotnetPath => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
        ? host
        : ToolPath.Find("dotnet") ?? "dotnet";

    /// <summary>Replays a capture file; returns the records and the parsed summary.</summary>
    public static (IReadOnlyList<AgentRecord> Records, JsonElement Summary) Replay(string pcap, params string[] extraArguments)
    {
        var directory = Directory.CreateTempSubdirectory("sw-agent-").FullName;
        try
        {
            var output = Path.Combine(directory, "records.jsonl");
            var summary = Path.Combine(directory, "summary.json");
            var result = ProcessRunner.Run(DotnetPath, [DllPath, "--pcap", pcap, "--out-file", output, "--summary-file", summary, .. extraArguments]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"The agent failed ({result.ExitCode}): {result.StandardError}");
            }

            return (ReadRecords(output), JsonDocument.Parse(File.ReadAllText(summary)).RootElement.Clone());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static IReadOnlyList<AgentRecord> ReadRecords(string path) => File.Exists(path)
        ? File.ReadLines(path, Encoding.UTF8).Select((line, i) => new AgentRecord(TrafficRecordJson.Deserialize(line), i)).ToList()
        : [];
}
