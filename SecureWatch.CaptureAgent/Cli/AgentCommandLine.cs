using System.CommandLine;
using System.Runtime.InteropServices;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Cli;

/// <summary>The agent's command line: where to capture, how to track, where records go.</summary>
internal static class AgentCommandLine
{
    public static RootCommand Create(TextWriter log)
    {
        var defaults = new TrackerOptions();
        var interfaceOption = new Option<string?>("--interface", "-i") { Description = "Capture live on this interface, or 'any' for all (needs CAP_NET_RAW)." };
        var pcapOption = new Option<FileInfo?>("--pcap") { Description = "Replay a .pcap or .pcapng file instead of capturing live." };
        var filterOption = new Option<string?>("--filter", "-f") { Description = "BPF filter expression (tcpdump syntax)." };
        var snaplenOption = new Option<int>("--snaplen") { Description = "Bytes kept of each packet.", DefaultValueFactory = _ => 262_144 };
        var promiscuousOption = new Option<bool>("--promiscuous") { Description = "Put the interface in promiscuous mode (needs CAP_NET_ADMIN)." };
        var bufferOption = new Option<int>("--buffer-size") { Description = "Kernel capture buffer in bytes.", DefaultValueFactory = _ => 16 * 1024 * 1024 };
        var immediateOption = new Option<bool>("--immediate") { Description = "Deliver packets without batching.", DefaultValueFactory = _ => true };
        var outputOption = new Option<string>("--output") { Description = "Record format.", DefaultValueFactory = _ => "jsonl" };
        outputOption.AcceptOnlyFromAmong("jsonl");
        var outFileOption = new Option<string?>("--out-file", "-o") { Description = "Append records to this file instead of standard output." };
        var summaryOption = new Option<string?>("--summary-file") { Description = "Write the final capture summary (JSON) to this file." };
        var statsOption = new Option<double>("--stats-interval") { Description = "Seconds between statistics lines on stderr.", DefaultValueFactory = _ => 30 };
        var maxFlowsOption = new Option<int>("--max-flows") { Description = "Flow table size; the least recently active flow is evicted when full.", DefaultValueFactory = _ => defaults.MaxFlows };
        var syn = Seconds("--syn-timeout", "Inactivity before an unanswered or incomplete handshake is reported.", defaults.SynTimeout);
        var established = Seconds("--established-timeout", "Inactivity before an established TCP connection is reported.", defaults.EstablishedTimeout);
        var fin = Seconds("--fin-timeout", "Inactivity after the first FIN.", defaults.FinTimeout);
        var rst = Seconds("--rst-timeout", "Wait after a RST or the second FIN before reporting.", defaults.RstTimeout);
        var udp = Seconds("--udp-timeout", "Inactivity before a UDP flow is reported.", defaults.UdpTimeout);
        var icmp = Seconds("--icmp-timeout", "Inactivity before an ICMP echo exchange is reported.", defaults.IcmpTimeout);
        var active = Seconds("--active-timeout", "A connection still active after this long is reported and continues in a new record.", defaults.ActiveTimeout);

        var root = new RootCommand("SecureWatch capture agent: packets to per-connection KDD header features (securewatch.traffic.v1, header28).")
        {
            interfaceOption, pcapOption, filterOption, snaplenOption, promiscuousOption, bufferOption, immediateOption, outputOption,
            outFileOption, summaryOption, statsOption, maxFlowsOption, syn, established, fin, rst, udp, icmp, active,
        };
        root.Validators.Add(result =>
        {
            if ((result.GetValue(interfaceOption) is null) == (result.GetValue(pcapOption) is null))
            {
                result.AddError("Give exactly one of --interface and --pcap.");
            }
        });
        root.SetAction(parse =>
        {
            var iface = parse.GetValue(interfaceOption);
            var settings = new AgentSettings
            {
                Live = iface is null ? null : new LiveCaptureOptions
                {
                    Interface = iface,
                    SnapshotLength = parse.GetValue(snaplenOption),
                    Promiscuous = parse.GetValue(promiscuousOption),
                    BufferSizeBytes = parse.GetValue(bufferOption),
                    ImmediateMode = parse.GetValue(immediateOption),
                },
                PcapFile = parse.GetValue(pcapOption)?.FullName,
                Filter = parse.GetValue(filterOption),
                OutFile = parse.GetValue(outFileOption),
                SummaryFile = parse.GetValue(summaryOption),
                StatsInterval = TimeSpan.FromSeconds(parse.GetValue(statsOption)),
                Tracker = new TrackerOptions
                {
                    MaxFlows = parse.GetValue(maxFlowsOption),
                    SynTimeout = TimeSpan.FromSeconds(parse.GetValue(syn)),
                    EstablishedTimeout = TimeSpan.FromSeconds(parse.GetValue(established)),
                    FinTimeout = TimeSpan.FromSeconds(parse.GetValue(fin)),
                    RstTimeout = TimeSpan.FromSeconds(parse.GetValue(rst)),
                    UdpTimeout = TimeSpan.FromSeconds(parse.GetValue(udp)),
                    IcmpTimeout = TimeSpan.FromSeconds(parse.GetValue(icmp)),
                    ActiveTimeout = TimeSpan.FromSeconds(parse.GetValue(active)),
                },
            };
            // SIGTERM (systemd stop) and SIGINT end the capture cleanly: open connections are reported first.
            using var stop = new CancellationTokenSource();
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            return AgentRunner.Run(settings, log, stop.Token);

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return root;
    }

    private static Option<double> Seconds(string name, string description, TimeSpan defaultValue) =>
        new(name) { Description = $"{description} Seconds.", DefaultValueFactory = _ => defaultValue.TotalSeconds };
}
