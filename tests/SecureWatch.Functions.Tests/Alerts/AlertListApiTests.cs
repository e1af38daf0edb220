using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Alerts;

public sealed class AlertListApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private string Db => fixture.Database.ConnectionString;

    [Fact]
    public async Task Filters_sorts_pages_and_counts_per_status_select_exactly_the_matching_alerts()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new[]
        {
            await AlertRows.InsertAsync(Db, "10.30.0.1", "low", "probe", lastSeen: now.AddMinutes(-1), destination: "172.16.0.1"),
            await AlertRows.InsertAsync(Db, "10.30.0.2", "critical", "u2r", lastSeen: now.AddMinutes(-2)),
            await AlertRows.InsertAsync(Db, "10.30.0.3", "high", "dos", "closed", lastSeen: now.AddMinutes(-3)),
            await AlertRows.InsertAsync(Db, "10.30.0.4", "critical", "dos", "acknowledged", lastSeen: now.AddMinutes(-4)),
            await AlertRows.InsertAsync(Db, "10.30.9.5", "medium", "r2l", lastSeen: now.AddMinutes(-5)),
        };
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);

        Assert.Equal(ids, await WalkAsync(reader, "text=10.30.&limit=2"));
        Assert.Equal([ids[1], ids[3], ids[2], ids[4], ids[0]], await WalkAsync(reader, "text=10.30.&sort=severity&limit=2"));
        Assert.Equal([ids[2], ids[3]], await WalkAsync(reader, "text=10.30.&category=dos"));
        Assert.Equal([ids[4]], await WalkAsync(reader, "attacker=10.30.9.0/24"));
        Assert.Equal([ids[0]], await WalkAsync(reader, "text=172.16.0"));
        Assert.Equal([ids[1], ids[3]], await WalkAsync(reader, "text=10.30.&severity=critical"));
        Assert.Equal([ids[0], ids[1]], await WalkAsync(reader, $"text=10.30.&since={Uri.EscapeDataString(now.AddSeconds(-150).ToString("O"))}"));

        var page = await reader.GetFromJsonAsync<JsonElement>("/api/v1/alerts?text=10.30.&status=open");
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        var counts = page.GetProperty("status_counts");
        Assert.Equal("3|1|1", $"{counts.GetProperty("open")}|{counts.GetProperty("acknowledged")}|{counts.GetProperty("closed")}");
        var first = page.GetProperty("items")[0];
        Assert.Equal("172.16.0.1", first.GetProperty("top_destinations")[0].GetProperty("dst_ip").GetString());
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("sort=id", "sort")]
    [InlineData("text=10.0.0.1%25", "text")]
    [InlineData("attacker=banana", "attacker")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=nonsense", "cursor")]
    [InlineData("colour=red", "colour")]
    public async Task Invalid_filters_are_refused_with_the_parameter(string query, string field)
    {
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);

        var response = await reader.GetAsync($"/api/v1/alerts?{query}");

        Assert.StartsWith(field + ":", ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task The_detail_shows_histogram_latest_records_and_services_of_the_retained_records()
    {
        var id = await AlertRows.InsertAsync(Db, "10.40.0.1");
        var received = DateTimeOffset.UtcNow.AddMinutes(-2);
        var rows = await TrafficRows.InsertAsync(Db, [.. Enumerable.Range(0, 3).Select(i =>
            new TrafficRows.Row(received.AddSeconds(i), IsAttack: true, Category: "dos"))]);
        await TrafficRows.ExecuteAsync(Db, $"UPDATE traffic_data SET alert_id = {id} WHERE id IN ({string.Join(',', rows)})");
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);

        var detail = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");

        Assert.Equal(id, detail.GetProperty("alert").GetProperty("id").GetInt64());
        Assert.Equal(3, detail.GetProperty("histogram").EnumerateArray().Sum(m => m.GetProperty("records").GetInt32()));
        Assert.Equal(rows.Reverse(), detail.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("http", detail.GetProperty("top_services")[0].GetProperty("service").GetString());
        Assert.Equal(1, detail.GetProperty("top_destinations").GetArrayLength());
    }

    private static async Task<List<long>> WalkAsync(HttpClient client, string query)
    {
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/alerts?{query}" + (cursor is null ? "" : $"&cursor={cursor}");
            var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        return ids;
    }
}
