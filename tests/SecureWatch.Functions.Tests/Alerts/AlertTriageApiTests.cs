using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Alerts;

public sealed class AlertTriageApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private string Db => fixture.Database.ConnectionString;

    [Fact]
    public async Task An_analyst_acknowledges_assigns_and_closes_an_alert_with_history_and_audit()
    {
        var id = await AlertRows.InsertAsync(Db, "10.20.0.1");
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);

        var acknowledged = await PatchAsync(analyst, id, new { status = "acknowledged", assignee = "alice" });
        Assert.Equal("acknowledged|alice|analyst", $"{acknowledged.GetProperty("status")}|{acknowledged.GetProperty("assignee")}|{acknowledged.GetProperty("updated_by")}");
        var closed = await PatchAsync(analyst, id, new { status = "closed", resolution = "true_positive", note = "blocked upstream" });
        Assert.Equal("closed|true_positive", $"{closed.GetProperty("status")}|{closed.GetProperty("resolution")}");

        var detail = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");
        var history = detail.GetProperty("history").EnumerateArray()
            .Select(h => $"{h.GetProperty("actor")}:{h.GetProperty("from")}>{h.GetProperty("to")}:{h.GetProperty("note")}").ToList();
        Assert.Equal(["analyst:open>acknowledged:", "analyst:acknowledged>closed:blocked upstream"], history);
        Assert.Equal("2", await AlertRows.ScalarAsync(Db,
            "SELECT count(*) FROM audit_log WHERE entity = 'alerts' AND entity_id = $1::text AND actor = 'analyst' AND action = 'triage'", id));
        Assert.Equal("acknowledged>closed:true_positive", await AlertRows.ScalarAsync(Db,
            "SELECT concat(before->>'status', '>', after->>'status', ':', after->>'resolution') FROM audit_log WHERE entity_id = $1::text ORDER BY id DESC LIMIT 1", id));
    }

    [Fact]
    public async Task Reopening_needs_a_note_and_clears_the_resolution()
    {
        var id = await AlertRows.InsertAsync(Db, "10.20.0.2", status: "closed");
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);

        var refused = await analyst.PatchAsJsonAsync($"/api/v1/alerts/{id}", new { status = "open" });
        Assert.Contains("reopening requires a note", ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict)));
        var reopened = await PatchAsync(analyst, id, new { status = "open", note = "it came back" });

        Assert.Equal("open|", $"{reopened.GetProperty("status")}|{reopened.GetProperty("resolution")}");
    }

    [Theory]
    [InlineData("open", """{"status":"open"}""", "is already open")]
    [InlineData("closed", """{"status":"acknowledged"}""", "reopen it")]
    [InlineData("closed", """{"status":"closed","resolution":"benign","note":"again"}""", "is already closed")]
    [InlineData("acknowledged", """{"status":"acknowledged"}""", "is already acknowledged")]
    public async Task Invalid_transitions_are_409_with_the_reason_and_change_nothing(string from, string body, string reason)
    {
        var id = await AlertRows.InsertAsync(Db, "10.20.1.1", status: from);
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);

        var response = await analyst.PatchAsync($"/api/v1/alerts/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(reason, ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict)));
        Assert.Equal("0", await AlertRows.ScalarAsync(Db, "SELECT count(*) FROM alert_history WHERE alert_id = $1", id));
    }

    [Theory]
    [InlineData("""{"status":"closed","note":"x"}""", "resolution")]
    [InlineData("""{"status":"closed","resolution":"benign"}""", "note")]
    [InlineData("""{"status":"acknowledged","resolution":"benign"}""", "resolution")]
    [InlineData("""{"status":"done"}""", "status")]
    [InlineData("""{"note":"only a note"}""", "status")]
    public async Task Malformed_changes_are_400_naming_the_field(string body, string field)
    {
        var id = await AlertRows.InsertAsync(Db, "10.20.1.2");
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);

        var response = await analyst.PatchAsync($"/api/v1/alerts/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.StartsWith(field + ":", ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task A_note_longer_than_2000_characters_is_refused()
    {
        var id = await AlertRows.InsertAsync(Db, "10.20.1.3");
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);

        var response = await analyst.PatchAsJsonAsync($"/api/v1/alerts/{id}",
            new { status = "closed", resolution = "benign", note = new string('n', 2001) });

        Assert.StartsWith("note:", ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)));
        Assert.Equal("open", await AlertRows.ScalarAsync(Db, "SELECT status FROM alerts WHERE id = $1", id));
    }

    [Fact]
    public async Task Bulk_closes_all_listed_alerts_or_none_when_one_cannot_change()
    {
        var ids = new[]
        {
            await AlertRows.InsertAsync(Db, "10.20.2.1"), await AlertRows.InsertAsync(Db, "10.20.2.2"),
            await AlertRows.InsertAsync(Db, "10.20.2.3", status: "acknowledged"),
        };
        var closed = await AlertRows.InsertAsync(Db, "10.20.2.4", status: "closed");
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);
        var close = new { status = "closed", resolution = "false_positive", note = "scanner of the red team" };

        var refused = await analyst.PostAsJsonAsync("/api/v1/alerts/bulk", new { ids = ids.Append(closed).ToArray(), close.status, close.resolution, close.note });
        var problem = ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict));
        Assert.Contains($"alert {closed} is already closed", problem);
        foreach (var id in ids)
        {
            Assert.NotEqual("closed", await AlertRows.ScalarAsync(Db, "SELECT status FROM alerts WHERE id = $1", id));
        }

        var response = await analyst.PostAsJsonAsync("/api/v1/alerts/bulk", new { ids, close.status, close.resolution, close.note });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, body.GetProperty("updated").GetInt32());
        foreach (var id in ids)
        {
            Assert.Equal("closed|false_positive|1", await AlertRows.ScalarAsync(Db,
                "SELECT concat_ws('|', status, resolution, (SELECT count(*) FROM alert_history h WHERE h.alert_id = a.id)) FROM alerts a WHERE id = $1", id));
        }

        var tooMany = await analyst.PostAsJsonAsync("/api/v1/alerts/bulk",
            new { ids = Enumerable.Range(1, 501).ToArray(), close.status, close.resolution, close.note });
        Assert.StartsWith("ids:", ProblemAssert.Detail(await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Readers_read_alerts_but_may_not_change_them_and_analysts_may_not_change_the_whitelist()
    {
        var id = await AlertRows.InsertAsync(Db, "10.20.3.1");
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);
        using var admin = fixture.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/alerts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/traffic")).StatusCode);
        await ProblemAssert.IsProblemAsync(
            await reader.PatchAsJsonAsync($"/api/v1/alerts/{id}", new { status = "acknowledged" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await reader.PostAsJsonAsync("/api/v1/alerts/bulk", new { ids = new[] { id }, status = "acknowledged" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await analyst.PostAsJsonAsync("/api/v1/config/whitelist", new { ip_address = "203.0.113.9" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await analyst.PatchAsJsonAsync("/api/v1/config/sources/packet_capture", new { is_enabled = true }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/alerts/{id}", new { assignee = "bob" })).StatusCode);
        await ProblemAssert.IsProblemAsync(await analyst.GetAsync("/api/v1/alerts/999999"), HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> PatchAsync(HttpClient client, long id, object change)
    {
        var response = await client.PatchAsJsonAsync($"/api/v1/alerts/{id}", change);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
