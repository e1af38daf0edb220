namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>netflow and web server access logs: each regular client talks to a handful of fixed services.</summary>
internal static class NetworkSamples
{
    private static readonly (string Ip, int Port, string Protocol)[] Services =
    [
        ("10.0.0.10", 53, "UDP"), ("10.0.0.11", 445, "TCP"), ("10.0.0.12", 443, "TCP"), ("10.0.0.13", 25, "TCP"),
        ("10.0.0.14", 3389, "TCP"), ("10.0.0.15", 22, "TCP"), ("10.0.0.16", 8080, "TCP"), ("10.0.0.10", 123, "UDP"),
        ("203.0.113.20", 443, "TCP"), ("203.0.113.45", 80, "TCP"), ("198.51.100.7", 443, "TCP"), ("198.51.100.33", 443, "TCP"),
    ];

    private static readonly string[] Pages =
    [
        "/", "/index.html", "/about", "/contact", "/static/app.js", "/static/site.css", "/images/logo.png",
        "/products", "/products/42", "/products/17", "/api/items?page=1", "/api/items?page=2", "/cart", "/checkout",
    ];

    private static readonly string[] Probes =
    [
        "/admin", "/wp-login.php", "/.env", "/phpmyadmin/", "/.git/config", "/backup.zip", "/config.php", "/server-status",
        "/manager/html", "/cgi-bin/test.cgi", "/xmlrpc.php", "/.aws/credentials", "/db.sql", "/old/", "/test.php",
    ];

    private static readonly string[] Agents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    ];

    public static SampleTable Netflow(SampleContext context)
    {
        var table = new SampleTable(LogTypeSchemas.Netflow);
        void Row(DateTimeOffset time, string src, string dst, int dstPort, string protocol, int packets, params string[] incidents) =>
            table.Add(time,
            [
                SampleContext.Plain(time), $"{context.Random.Next(1, 90000) / 1000.0:0.000}", src, dst,
                SampleContext.Text(context.Random.Next(49152, 65536)), SampleContext.Text(dstPort), protocol,
                SampleContext.Text(packets), SampleContext.Text(packets * context.Random.Next(60, 1400)),
            ], incidents);

        var clients = Enumerable.Range(10, 50).Select(i => $"10.1.0.{i}").ToArray();
        var favourites = clients.ToDictionary(c => c, _ => Enumerable.Range(0, 6).Select(_ => context.Pick(Services)).ToArray());
        for (var i = 0; i < 840; i++)
        {
            var client = context.Pick(clients);
            var (ip, port, protocol) = context.Pick(favourites[client]);
            Row(context.Between(TimeSpan.Zero, TimeSpan.FromHours(24)), client, ip, port, protocol, 1 + context.Random.Next(200));
        }

        var scanner = "10.1.0.200";
        var scan = context.Plant("port-scan", "netflow-port-scan", LogTopics.Netflow, scanner, 1);
        var ports = new SortedSet<int>([21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1723, 3306, 3389, 5432]);
        while (ports.Count < 32)
        {
            ports.Add(context.Random.Next(1, 10000));
        }

        var second = 0;
        foreach (var port in ports)
        {
            Row(context.At(16, 21, 0).AddMilliseconds(second++ * 800), scanner, "10.0.0.14", port, "TCP", 1, scan);
        }

        var sweeper = "10.1.0.201";
        var sweep = context.Plant("host-sweep", "netflow-host-sweep", LogTopics.Netflow, sweeper, 1);
        for (var host = 1; host <= 28; host++)
        {
            Row(context.At(12, 5, 10 + host), sweeper, $"10.0.2.{host}", 445, "TCP", 2, sweep);
        }

        // A slow scan stays below the threshold: one port every 50 seconds is never 20 in a minute.
        for (var p = 0; p < 15; p++)
        {
            Row(context.At(19, 0, 0).AddSeconds(p * 50), "10.1.0.202", "10.0.0.16", 8000 + p, "TCP", 1);
        }

        return table;
    }

    public static SampleTable WebServer(SampleContext context)
    {
        var table = new SampleTable(LogTypeSchemas.WebServer);
        void Row(DateTimeOffset time, string client, string method, string path, int status, string agent, params string[] incidents) =>
            table.Add(time,
            [
                SampleContext.AccessLog(time), client, "-", "-", method, path, "HTTP/1.1", SampleContext.Text(status),
                SampleContext.Text(status == 304 ? 0 : context.Random.Next(200, 48000)), "-", agent,
            ], incidents);

        var clients = Enumerable.Range(1, 60).Select(i => i <= 30 ? $"198.51.100.{100 + i}" : $"203.0.113.{100 + i}").ToArray();
        var notFound = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 660; i++)
        {
            var client = context.Pick(clients);
            var roll = context.Random.Next(100);
            // A few broken links: at most three 404s per client over the day.
            var status = roll < 4 && notFound.GetValueOrDefault(client) < 3 ? 404 : roll < 15 ? 304 : 200;
            if (status == 404)
            {
                notFound[client] = notFound.GetValueOrDefault(client) + 1;
            }

            var method = context.Random.Next(10) == 0 ? "POST" : "GET";
            Row(context.Between(TimeSpan.Zero, TimeSpan.FromHours(24)), client, method, context.Pick(Pages), status, context.Pick(Agents));
        }

        var scanner = "192.0.2.66";
        var scan = context.Plant("web-4xx-scan", "webserver-4xx-scan", LogTopics.WebServer, scanner, 1);
        for (var i = 0; i < 24; i++)
        {
            var path = Probes[i % Probes.Length] + (i >= Probes.Length ? "~" : "");
            Row(context.At(3, 33, 0).AddMilliseconds(i * 1700), scanner, "GET", path, i % 5 == 0 ? 403 : 404, "Mozilla/5.0 zgrab/0.x", scan);
        }

        var injector = "192.0.2.77";
        var sqli = context.Plant("web-sql-injection", "webserver-sql-injection", LogTopics.WebServer, injector, SampleContext.EveryRow);
        string[] paths =
        [
            "/products.php?id=1%27%20OR%20%271%27=%271",
            "/products.php?id=1+UNION+SELECT+username,password+FROM+users",
            "/products.php?id=1%27--",
            "/products.php?id=1%20AND%20SLEEP(5)",
            "/login.php?user=admin%27%23",
        ];
        for (var i = 0; i < paths.Length; i++)
        {
            Row(context.At(20, 10, i * 13), injector, "GET", paths[i], i == 3 ? 500 : 200, "sqlmap/1.7.12#stable (https://sqlmap.org)", sqli);
        }

        return table;
    }
}
