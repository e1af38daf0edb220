using SecureWatch.CaptureAgent.Tests.Support;

namespace SecureWatch.CaptureAgent.Tests.RealTraffic;

/// <summary>
/// Real traffic in a private network namespace, written to a pcap by tcpdump: an HTTP server queried by
/// curl, an nmap SYN scan, an ICMP echo sweep over 127.0.0.1-10, an hping3 SYN flood against a closed port
/// (answered by RST) and one whose answers the capture filter drops (unanswered SYNs). Built once, on
/// first use, for all the tests that read it.
/// </summary>
internal sealed class LoopbackTrafficCapture
{
    public const int CurlRequests = 3;
    public const int RejectedFloodPackets = 400;
    public const int UnansweredFloodPackets = 300;
    public const int SweptAddresses = 10;
    public const int ClosedFloodPort = 81;
    public const int UnansweredFloodPort = 9;

    private static readonly Lazy<LoopbackTrafficCapture> Shared = new(() => new LoopbackTrafficCapture());

    private LoopbackTrafficCapture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("sw-capture-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(Directory, recursive: true);
        PcapPath = Path.Combine(Directory, "loopback.pcap");
        var web = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "www")).FullName;
        File.WriteAllText(Path.Combine(web, "index.html"), new string('x', 4321));

        using var ns = new NetworkNamespace();
        // A large buffer so that the floods are not dropped; without -U the capture is complete once the
        // kernel's block timeout has passed, which the pause before stopping tcpdump allows for.
        var tcpdump = ns.Start(["tcpdump", "-i", "lo", "-B", "32768", "-s", "0", "-w", PcapPath, $"not (tcp and src port {UnansweredFloodPort})"], out _, out var tcpdumpLog);
        if (!ProcessRunner.WaitFor(() => tcpdumpLog.ToString().Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(15)))
        {
            throw new InvalidOperationException($"tcpdump did not start: {tcpdumpLog}");
        }

        ns.Start("python3", "-m", "http.server", "80", "--bind", "127.0.0.1", "--directory", web);
        if (!ns.WaitForListener(80))
        {
            throw new InvalidOperationException("The HTTP server did not start.");
        }

        for (var i = 0; i < CurlRequests; i++)
        {
            Check(ns.Run("curl", "-sS", "-o", "/dev/null", "http://127.0.0.1/index.html"));
        }

        Check(ns.Run("nmap", "-n", "-sS", "--max-retries", "0", "-p", "1-200", "127.0.0.1"));
        var sweep = Enumerable.Range(1, SweptAddresses)
            .Select(i => ns.Start("hping3", "-1", "-c", "1", $"127.0.0.{i}"))
            .ToList();
        foreach (var ping in sweep)
        {
            ping.WaitForExit(30_000);
        }

        Check(ns.Run("hping3", "-S", "-p", ClosedFloodPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", RejectedFloodPackets.ToString(System.Globalization.CultureInfo.InvariantCulture), "--faster", "127.0.0.1"), allowNonZero: true);
        Check(ns.Run("hping3", "-S", "-p", UnansweredFloodPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", UnansweredFloodPackets.ToString(System.Globalization.CultureInfo.InvariantCulture), "--faster", "127.0.0.1"), allowNonZero: true);
        Thread.Sleep(2_500);
        ProcessRunner.Signal(tcpdump, "INT");
        tcpdump.WaitForExit(15_000);

        var tshark = ProcessRunner.Run("tshark", ["-r", PcapPath, "-T", "fields", "-E", "separator=/t", .. TsharkConnections.Fields.SelectMany(f => new[] { "-e", f })]);
        Check(tshark);
        Expected = TsharkConnections.Parse(tshark.StandardOutput);
    }

    public static LoopbackTrafficCapture Instance => Shared.Value;

    public string Directory { get; }

    public string PcapPath { get; }

    public TsharkConnections Expected { get; }

    private static void Check(ProcessResult result, bool allowNonZero = false)
    {
        // hping3 exits non-zero when not every probe was answered, which is the point of a flood.
        if (result.ExitCode != 0 && !allowNonZero)
        {
            throw new InvalidOperationException($"Traffic generator failed ({result.ExitCode}): {result.StandardError}");
        }
    }
}
