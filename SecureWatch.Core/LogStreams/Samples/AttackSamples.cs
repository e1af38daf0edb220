namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>
/// Rows in the columns of the public cybersecurity_attacks.csv. Regular rows name no attack type and are rated Low
/// or Medium (or High but blocked); planted rows name DDoS, Intrusion or Malware.
/// </summary>
internal static class AttackSamples
{
    private static readonly string[] Payloads =
    [
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit",
        "GET /index.html HTTP/1.1 Host: portal",
        "Quo \"quoted\" payload, with a comma",
        "Sed do eiusmod tempor incididunt ut labore et dolore",
        "DNS query A updates.example.com",
    ];

    private static readonly string[] Names = ["Reyansh Dugal", "Sumer Rana", "Himmat Karpe", "Fateh Kibe", "Dhanush Chad", "Zeeshan Viswanathan"];

    private static readonly string[] Places = ["Jamshedpur, Sikkim", "Bilaspur, Nagaland", "Bokaro, Rajasthan", "Jaunpur, Rajasthan", "Anantapur, Tripura"];

    private static readonly string[] Devices =
    [
        "Mozilla/5.0 (compatible; MSIE 8.0; Windows NT 6.2; Trident/5.0)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
        "Opera/9.58.(X11; Linux i686; sl-SI) Presto/2.9.169 Version/11.00",
    ];

    public static SampleTable CybersecurityAttacks(SampleContext context)
    {
        var table = new SampleTable(LogTypeSchemas.CybersecurityAttacks);
        string Private() => context.Random.Next(3) switch
        {
            0 => $"10.{context.Random.Next(256)}.{context.Random.Next(256)}.{1 + context.Random.Next(254)}",
            1 => $"172.{16 + context.Random.Next(16)}.{context.Random.Next(256)}.{1 + context.Random.Next(254)}",
            _ => $"192.168.{context.Random.Next(256)}.{1 + context.Random.Next(254)}",
        };

        void Row(string source, string attackType, string severity, string action, double anomaly, params string[] incidents)
        {
            var time = context.Between(TimeSpan.Zero, TimeSpan.FromHours(24));
            var attack = attackType.Length > 0;
            table.Add(time,
            [
                SampleContext.Plain(time), source, Private(), SampleContext.Text(1024 + context.Random.Next(64000)),
                SampleContext.Text(context.Pick([80, 443, 53, 21, 22, 25, 3389, 8080])), context.Pick(["TCP", "UDP", "ICMP"]),
                SampleContext.Text(64 + context.Random.Next(1437)), context.Pick(["Data", "Control"]), context.Pick(["HTTP", "DNS", "FTP"]),
                context.Pick(Payloads), attack ? "IoC Detected" : "", $"{anomaly:0.00}", attack ? "Alert Triggered" : "", attackType,
                attack ? context.Pick(["Known Pattern A", "Known Pattern B"]) : "", action, severity, context.Pick(Names),
                context.Pick(Devices), context.Pick(["Segment A", "Segment B", "Segment C"]), context.Pick(Places),
                context.Random.Next(3) == 0 ? Private() : "", context.Random.Next(2) == 0 ? "Log Data" : "",
                attack ? "Alert Data" : "", context.Pick(["Server", "Firewall"]),
            ], incidents);
        }

        for (var i = 0; i < 262; i++)
        {
            var roll = context.Random.Next(20);
            var (severity, action) = roll == 0 ? ("High", "Blocked") : roll < 8 ? ("Medium", context.Pick(["Logged", "Blocked"])) : ("Low", "Logged");
            Row(Private(), "", severity, action, context.Random.Next(0, 4000) / 100.0);
        }

        Plant(context, Row, "DDoS", "attacks-ddos", "203.0.113.66", 12);
        Plant(context, Row, "Intrusion", "attacks-intrusion", "198.51.100.23", 8);
        Plant(context, Row, "Malware", "attacks-malware", "192.0.2.45", 6);
        return table;
    }

    private static void Plant(SampleContext context, Action<string, string, string, string, double, string[]> row,
        string attackType, string rule, string source, int count)
    {
        var id = context.Plant($"attack-{attackType.ToLowerInvariant()}", rule, LogTopics.CybersecurityAttacks, source, SampleContext.EveryRow);
        string? high = null;
        for (var i = 0; i < count; i++)
        {
            var severity = i % 2 == 0 ? "High" : "Medium";
            var action = context.Pick(["Logged", "Blocked", "Ignored"]);
            if (severity == "High" && action != "Blocked")
            {
                high ??= context.Plant($"attack-{attackType.ToLowerInvariant()}-high", "attacks-high-severity",
                    LogTopics.CybersecurityAttacks, source, SampleContext.EveryRow);
                row(source, attackType, severity, action, 60 + (context.Random.Next(4000) / 100.0), [id, high]);
            }
            else
            {
                row(source, attackType, severity, action, 60 + (context.Random.Next(4000) / 100.0), [id]);
            }
        }
    }
}
