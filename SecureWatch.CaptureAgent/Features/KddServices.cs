namespace SecureWatch.CaptureAgent.Features;

/// <summary>
/// The KDD'99 <c>service</c> values and how ports and ICMP messages map to them. A TCP or UDP port that
/// KDD has no name for is <c>private</c> below 1024 (an unnamed well-known port) and <c>other</c> above.
/// </summary>
internal static class KddServices
{
    private static readonly List<string> NameList = ["other", "private", "eco_i", "ecr_i", "urp_i", "urh_i", "red_i", "tim_i", "oth_i"];
    private static readonly byte[] TcpByPort = BuildTcp();
    private static readonly byte[] UdpByPort = BuildUdp();

    public const byte Other = 0;
    public const byte Private = 1;
    public const byte EchoRequest = 2;
    public const byte EchoReply = 3;
    public const byte PortUnreachable = 4;
    public const byte HostUnreachable = 5;
    public const byte Redirect = 6;
    public const byte Timestamp = 7;
    public const byte OtherIcmp = 8;

    public static IReadOnlyList<string> Names => NameList;

    public static int Count => NameList.Count;

    public static byte ForTcpPort(ushort port) => TcpByPort[port];

    public static byte ForUdpPort(ushort port) => UdpByPort[port];

    public static byte ForIcmp(byte type, byte code, bool isIcmpv6) => isIcmpv6
        ? type switch
        {
            128 => EchoRequest,
            129 => EchoReply,
            1 => code == 4 ? PortUnreachable : HostUnreachable,
            137 => Redirect,
            _ => OtherIcmp,
        }
        : type switch
        {
            8 => EchoRequest,
            0 => EchoReply,
            3 => code == 3 ? PortUnreachable : HostUnreachable,
            5 => Redirect,
            13 or 14 => Timestamp,
            _ => OtherIcmp,
        };

    public static string Name(byte service) => NameList[service];

    private static byte[] BuildTcp()
    {
        var table = Unnamed();
        (int Port, string Name)[] named =
        [
            (7, "echo"), (9, "discard"), (11, "systat"), (13, "daytime"), (15, "netstat"), (20, "ftp_data"), (21, "ftp"),
            (22, "ssh"), (23, "telnet"), (25, "smtp"), (37, "time"), (42, "name"), (43, "whois"), (53, "domain"), (57, "mtp"),
            (70, "gopher"), (71, "remote_job"), (77, "rje"), (79, "finger"), (80, "http"), (84, "ctf"), (87, "link"),
            (95, "supdup"), (101, "hostnames"), (102, "iso_tsap"), (105, "csnet_ns"), (109, "pop_2"), (110, "pop_3"),
            (111, "sunrpc"), (113, "auth"), (117, "uucp_path"), (119, "nntp"), (137, "netbios_ns"), (138, "netbios_dgm"),
            (139, "netbios_ssn"), (143, "imap4"), (150, "sql_net"), (175, "vmnet"), (179, "bgp"), (194, "IRC"),
            (210, "Z39_50"), (389, "ldap"), (433, "nnsp"), (443, "http_443"), (512, "exec"), (513, "login"), (514, "shell"),
            (515, "printer"), (520, "efs"), (530, "courier"), (540, "uucp"), (543, "klogin"), (544, "kshell"),
            (2784, "http_2784"), (5190, "aol"), (6667, "IRC"), (8001, "http_8001"),
        ];
        foreach (var (port, name) in named)
        {
            table[port] = Intern(name);
        }

        for (var port = 6000; port <= 6063; port++)
        {
            table[port] = Intern("X11");
        }

        return table;
    }

    private static byte[] BuildUdp()
    {
        var table = Unnamed();
        table[53] = Intern("domain_u");
        table[69] = Intern("tftp_u");
        table[123] = Intern("ntp_u");
        return table;
    }

    private static byte[] Unnamed()
    {
        var table = new byte[65536];
        Array.Fill(table, Other);
        Array.Fill(table, Private, 0, 1024);
        return table;
    }

    private static byte Intern(string name)
    {
        var index = NameList.IndexOf(name);
        if (index < 0)
        {
            NameList.Add(name);
            index = NameList.Count - 1;
        }

        return (byte)index;
    }
}
