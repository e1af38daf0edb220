namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>logon, device and http in the CERT insider-threat layout; regular activity stays within 07:30-18:30.</summary>
internal static class CertSamples
{
    private static readonly string[] Domains =
    [
        "intranet.dtaa.com", "webmail.dtaa.com", "news.example.com", "docs.example.org", "shop.example.com",
        "weather.example.net", "wiki.example.org", "travel.example.com", "jobs.example.net", "maps.example.com",
    ];

    private static readonly string[] Words =
    [
        "report", "budget", "meeting", "project", "invoice", "calendar", "forecast", "team", "policy", "training",
        "holiday", "benefits", "release", "roadmap", "support", "product", "sales", "quarter", "review", "notes",
    ];

    public static (string User, string Pc)[] Users(SampleContext context, int count)
    {
        var users = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            var letters = new string([(char)('A' + context.Random.Next(26)), (char)('A' + context.Random.Next(26)), (char)('A' + context.Random.Next(26))]);
            users[i] = ($"{letters}{1000 + (i * 97 % 9000):D4}", $"PC-{1000 + context.Random.Next(9000):D4}");
        }

        return users;
    }

    public static SampleTable Logon(SampleContext context, (string User, string Pc)[] users)
    {
        var table = new SampleTable(LogTypeSchemas.Logon);
        void Row(DateTimeOffset time, string user, string pc, string activity, params string[] incidents) =>
            table.Add(time, [context.CertId(), SampleContext.Cert(time), user, pc, activity], incidents);

        foreach (var (user, pc) in users)
        {
            var time = context.Between(TimeSpan.FromHours(7.5), TimeSpan.FromHours(9.5));
            var sessions = 2 + context.Random.Next(3);
            var failures = 0;
            for (var s = 0; s < sessions && time < context.At(17, 0); s++)
            {
                // Now and then a mistyped password just before the logon: at most two per user, hours apart.
                if (failures < 2 && context.Random.Next(8) == 0)
                {
                    Row(time.AddSeconds(-20 - context.Random.Next(40)), user, pc, "Failed Logon");
                    failures++;
                }

                Row(time, user, pc, "Logon");
                time = time.AddMinutes(60 + context.Random.Next(150));
                Row(time, user, pc, "Logoff");
                time = time.AddMinutes(5 + context.Random.Next(60));
            }
        }

        var victim = users[3];
        var burst = context.Plant("brute-force-1", "logon-brute-force", LogTopics.Logon, victim.User, 1);
        for (var i = 0; i < 8; i++)
        {
            Row(context.At(10, 14, 5 + (i * 9)), victim.User, victim.Pc, "Failed Logon", burst);
        }

        Row(context.At(10, 15, 30), victim.User, victim.Pc, "Logon");
        var second = users[11];
        burst = context.Plant("brute-force-2", "logon-brute-force", LogTopics.Logon, second.User, 1);
        for (var i = 0; i < 6; i++)
        {
            Row(context.At(14, 2, 0).AddSeconds(i * 17), second.User, "PC-0666", "Failed Logon", burst);
        }

        var night = users[7];
        Row(context.At(2, 13, 44), night.User, night.Pc, "Logon",
            context.Plant("after-hours-logon-1", "logon-after-hours", LogTopics.Logon, night.User, SampleContext.EveryRow));
        Row(context.At(3, 5, 2), night.User, night.Pc, "Logoff");
        var late = users[19];
        Row(context.At(21, 47, 10), late.User, late.Pc, "Logon",
            context.Plant("after-hours-logon-2", "logon-after-hours", LogTopics.Logon, late.User, SampleContext.EveryRow));
        Row(context.At(22, 31, 0), late.User, late.Pc, "Logoff");
        return table;
    }

    public static SampleTable Device(SampleContext context, (string User, string Pc)[] users)
    {
        var table = new SampleTable(LogTypeSchemas.Device);
        void Row(DateTimeOffset time, string user, string pc, string activity, params string[] incidents) =>
            table.Add(time, [context.CertId(), SampleContext.Cert(time), user, pc, activity], incidents);

        foreach (var (user, pc) in users.Take(50))
        {
            var time = context.Between(TimeSpan.FromHours(8), TimeSpan.FromHours(11));
            var uses = 2 + context.Random.Next(4);
            for (var u = 0; u < uses && time < context.At(17, 30); u++)
            {
                Row(time, user, pc, "Connect");
                time = time.AddMinutes(2 + context.Random.Next(50));
                Row(time, user, pc, "Disconnect");
                time = time.AddMinutes(10 + context.Random.Next(90));
            }
        }

        var insider = users[5];
        Row(context.At(23, 12, 31), insider.User, insider.Pc, "Connect",
            context.Plant("after-hours-device-1", "device-after-hours", LogTopics.Device, insider.User, SampleContext.EveryRow));
        Row(context.At(23, 40, 9), insider.User, insider.Pc, "Disconnect");
        var early = users[23];
        Row(context.At(5, 31, 0), early.User, early.Pc, "Connect",
            context.Plant("after-hours-device-2", "device-after-hours", LogTopics.Device, early.User, SampleContext.EveryRow));
        Row(context.At(5, 58, 45), early.User, early.Pc, "Disconnect");
        return table;
    }

    public static SampleTable Http(SampleContext context, (string User, string Pc)[] users)
    {
        var table = new SampleTable(LogTypeSchemas.Http);
        void Row(DateTimeOffset time, string user, string pc, string url, params string[] incidents) =>
            table.Add(time, [context.CertId(), SampleContext.Cert(time), user, pc, url], incidents);

        for (var i = 0; i < 780; i++)
        {
            var (user, pc) = context.Pick(users);
            var url = $"http://{context.Pick(Domains)}/{context.Pick(Words)}/{context.Pick(Words)}";
            url += context.Random.Next(4) switch
            {
                0 => ".html",
                1 => $"?q={context.Pick(Words)}&page={1 + context.Random.Next(9)}",
                2 => $"/{context.Random.Next(10000)}",
                _ => "",
            };
            Row(context.Between(TimeSpan.FromHours(7.5), TimeSpan.FromHours(18.5)), user, pc, url);
        }

        Planted(context, users, Row);
        return table;
    }

    private static void Planted(SampleContext context, (string User, string Pc)[] users,
        Action<DateTimeOffset, string, string, string, string[]> row)
    {
        string[] sqli =
        [
            "http://shop.example.com/product.php?id=1'%20OR%20'1'='1",
            "http://shop.example.com/product.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users",
            "http://shop.example.com/product.php?id=1'--",
            "http://shop.example.com/search?q=a';%20DROP%20TABLE%20orders;--",
            "http://shop.example.com/product.php?id=1%20AND%20SLEEP(5)",
            "http://shop.example.com/login?user=admin'%23",
        ];
        Run("sql-injection-run", "http-sql-injection", users[29], sqli, i => context.At(11, 40, i * 23));

        string[] traversal =
        [
            "http://docs.example.org/download?file=../../../../etc/passwd",
            "http://docs.example.org/download?file=..%2f..%2f..%2fwindows%2fwin.ini",
            "http://docs.example.org/static/%2e%2e/%2e%2e/%2e%2e/etc/shadow",
            "http://docs.example.org/view?page=..\\..\\boot.ini",
        ];
        Run("path-traversal", "http-path-traversal", users[31], traversal, i => context.At(15, 3, i * 41));

        string[] script =
        [
            "http://wiki.example.org/search?q=<script>alert(document.cookie)</script>",
            "http://wiki.example.org/search?q=%3Cscript%3Efetch('http://x')%3C/script%3E",
            "http://wiki.example.org/profile?name=<img%20src=x%20onerror=alert(1)>",
        ];
        Run("script-injection", "http-script-injection", users[37], script, i => context.At(13, 20, i * 35));

        string[] bad =
        [
            "http://malware-c2.example/beacon?id=7f3a",
            "https://exfil-drop.example/upload",
            "http://cdn.free-crypto-miner.example/miner.js",
            "https://phish-login.example:8443/account/verify",
        ];
        Run("bad-domain", "http-bad-domain", users[41], bad, i => context.At(9, 50 + (i * 7), 12));

        // One planted incident: every URL from one user, each row tagged with the incident.
        void Run(string incident, string rule, (string User, string Pc) user, string[] urls, Func<int, DateTimeOffset> at)
        {
            var id = context.Plant(incident, rule, LogTopics.Http, user.User, SampleContext.EveryRow);
            for (var i = 0; i < urls.Length; i++)
            {
                row(at(i), user.User, user.Pc, urls[i], [id]);
            }
        }
    }
}
