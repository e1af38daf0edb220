using System.CommandLine;
using System.Runtime.InteropServices;
using SecureWatch.CaptureAgent.Capture;
using SecureWatch.CaptureAgent.Control;
using SecureWatch.CaptureAgent.Output;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Agents;
using SecureWatch.Core.Kafka;

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
        var outputOption = new Option<string?>("--output") { Description = "Where records go: kafka (the default when Kafka bootstrap servers are known and no --out-file is given) or jsonl." };
        outputOption.AcceptOnlyFromAmong("kafka", "jsonl");
        var outFileOption = new Option<string?>("--out-file", "-o") { Description = "JSON lines: append records to this file instead of standard output." };
        var bootstrapOption = new Option<string?>("--bootstrap-servers") { Description = "Kafka bootstrap servers (host:port,...); default: env Kafka__BootstrapServers, then --bootstrap-file." };
        var bootstrapFileOption = new Option<string?>("--bootstrap-file") { Description = "File holding the bootstrap servers, e.g. the kafka-bootstrap file a SecureWatch host writes for its embedded Kafka." };
        var kafkaOutput = new KafkaOutputOptions();
        var topicOption = new Option<string>("--topic") { Description = "Kafka topic (replaced by the packet_capture source's topic when following the API).", DefaultValueFactory = _ => kafkaOutput.Topic };
        var queueOption = new Option<int>("--queue-capacity") { Description = "Records held between capture and Kafka publisher; more are dropped and counted (replaced by the source's buffer_size when following the API).", DefaultValueFactory = _ => kafkaOutput.QueueCapacity };
        var backlogOption = new Option<int>("--kafka-backlog") { Description = "Records the Kafka producer holds unacknowledged, e.g. during a broker outage (queue.buffering.max.messages).", DefaultValueFactory = _ => kafkaOutput.BacklogMessages };
        var messageTimeoutOption = new Option<double>("--kafka-message-timeout") { Description = "Seconds a record may wait for a broker before it counts as failed (message.timeout.ms); 0 waits until shutdown.", DefaultValueFactory = _ => kafkaOutput.MessageTimeout.TotalSeconds };
        var flushTimeoutOption = new Option<double>("--flush-timeout") { Description = "Seconds shutdown waits for pending records to be delivered.", DefaultValueFactory = _ => kafkaOutput.FlushTimeout.TotalSeconds };
        var controlUrlOption = new Option<Uri?>(ControlApiClient.ControlUrlOption) { CustomParser = ParseUri, Description = $"Follow the packet_capture data source of this SecureWatch API (https://host:port, or http:// on loopback); the API key comes from env {ControlApiClient.ApiKeyVariable}." };
        var controlIntervalOption = new Option<double>("--control-interval") { Description = "Seconds between reads of the packet_capture source and between heartbeats to the API.", DefaultValueFactory = _ => 2 };
        var nameOption = new Option<string>("--name") { Description = $"Name this agent reports its heartbeat under (GET /api/v1/agents): {AgentNames.Rule}.", DefaultValueFactory = _ => Environment.MachineName };
        nameOption.Validators.Add(result =>
        {
            if (!AgentNames.IsValid(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--name '{result.GetValueOrDefault<string>()}' is not an agent name: use {AgentNames.Rule}.");
            }
        });
        var netnsOption = new Option<string?>("--netns") { Description = "Capture inside this network namespace (a name under /run/netns or a path such as /proc/PID/ns/net); Kafka and the API are still reached from the agent's own. Needs CAP_SYS_ADMIN." };
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

        foreach (var count in new[] { queueOption, backlogOption })
        {
            count.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"{count.Name} must be at least 1.");
                }
            });
        }

        var root = new RootCommand("SecureWatch capture agent: packets to per-connection KDD header features (securewatch.traffic.v1, header28).")
        {
            interfaceOption, pcapOption, filterOption, snaplenOption, promiscuousOption, bufferOption, immediateOption, netnsOption,
            outputOption, outFileOption, bootstrapOption, bootstrapFileOption, topicOption, queueOption, backlogOption, messageTimeoutOption,
            flushTimeoutOption, controlUrlOption, controlIntervalOption, nameOption, summaryOption, statsOption, maxFlowsOption, syn, established, fin, rst, udp, icmp, active,
        };
        root.Validators.Add(result =>
        {
            var live = result.GetValue(interfaceOption) is not null;
            var file = result.GetValue(pcapOption) is not null;
            if (result.GetResult(controlUrlOption) is not null)
            {
                if (file)
                {
                    result.AddError("--control-url follows a live capture; it cannot be combined with --pcap.");
                }
            }
            else if (live == file)
            {
                result.AddError("Give exactly one of --interface and --pcap (or follow the API with --control-url).");
            }

            if (file && result.GetValue(netnsOption) is not null)
            {
                result.AddError("--netns applies to live capture only.");
            }
        });
        root.SetAction(parse =>
        {
            var iface = parse.GetValue(interfaceOption);
            var pcap = parse.GetValue(pcapOption)?.FullName;
            var outFile = parse.GetValue(outFileOption);
            var output = parse.GetValue(outputOption);
            var controlUrl = parse.GetValue(controlUrlOption);
            KafkaOptions? kafka;
            try
            {
                kafka = output == "jsonl" || (output is null && outFile is not null)
                    ? null
                    : KafkaBootstrap.Resolve(parse.GetValue(bootstrapOption), parse.GetValue(bootstrapFileOption));
            }
            catch (ArgumentException e)
            {
                log.WriteLine($"securewatch-capture: error: {e.Message}");
                return 2;
            }

            var settings = new AgentSettings
            {
                Capture = new CaptureTarget
                {
                    Live = pcap is not null ? null : new LiveCaptureOptions
                    {
                        Interface = iface ?? "any",
                        SnapshotLength = parse.GetValue(snaplenOption),
                        Promiscuous = parse.GetValue(promiscuousOption),
                        BufferSizeBytes = parse.GetValue(bufferOption),
                        ImmediateMode = parse.GetValue(immediateOption),
                    },
                    PcapFile = pcap,
                    Filter = parse.GetValue(filterOption),
                    Topic = parse.GetValue(topicOption)!,
                    QueueCapacity = parse.GetValue(queueOption),
                },
                CaptureGiven = iface is not null || pcap is not null,
                Output = output == "kafka" || (output is null && kafka is { HasBootstrapServers: true }) ? AgentOutput.Kafka : AgentOutput.Jsonl,
                OutFile = outFile,
                Kafka = kafka,
                KafkaOutput = new KafkaOutputOptions
                {
                    BacklogMessages = parse.GetValue(backlogOption),
                    MessageTimeout = TimeSpan.FromSeconds(parse.GetValue(messageTimeoutOption)),
                    FlushTimeout = TimeSpan.FromSeconds(parse.GetValue(flushTimeoutOption)),
                },
                ControlUrl = controlUrl,
                ApiKey = Environment.GetEnvironmentVariable(ControlApiClient.ApiKeyVariable),
                ControlInterval = TimeSpan.FromSeconds(parse.GetValue(controlIntervalOption)),
                AgentName = parse.GetValue(nameOption)!,
                NetworkNamespace = parse.GetValue(netnsOption),
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

    private static Uri? ParseUri(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not an http:// or https:// address.");
        return null;
    }

    private static Option<double> Seconds(string name, string description, TimeSpan defaultValue) =>
        new(name) { Description = $"{description} Seconds.", DefaultValueFactory = _ => defaultValue.TotalSeconds };
}
