using System.Diagnostics;
using System.Net.Http.Json;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Alerts;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Live;

public sealed class AlertPushTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    [Fact]
    public async Task A_triage_change_is_pushed_and_a_burst_of_counter_changes_is_throttled_to_about_one_push_a_second()
    {
        var db = fixture.Database.ConnectionString;
        var id = await AlertRows.InsertAsync(db, "10.77.0.1");
        await using var client = await SignalRNodeClient.ConnectAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.ReaderKey);
        using var analyst = fixture.Host.CreateClient(RunningHost.AnalystKey);

        var response = await analyst.PatchAsJsonAsync($"/api/v1/alerts/{id}", new { status = "acknowledged" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await client.WaitForAsync(LiveTargets.AlertUpdated,
            a => a.GetProperty("id").GetInt64() == id && a.GetProperty("status").GetString() == "acknowledged");

        // What the pipeline does to an alert under a flood: many committed counter updates in quick succession.
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= 60; i++)
        {
            await TrafficRows.ExecuteAsync(db,
                $"UPDATE alerts SET record_count = {10 + i}, revision = nextval('alerts_revision_seq'), changed_at = now() WHERE id = {id}");
            await Task.Delay(25);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var pushes = 0;
        while (true)
        {
            var next = await client.NextAsync();
            if (next.GetProperty("target").GetString() != LiveTargets.AlertUpdated || next.GetProperty("arg").GetProperty("id").GetInt64() != id)
            {
                continue;
            }

            pushes++;
            if (next.GetProperty("arg").GetProperty("record_count").GetInt64() == 70)
            {
                break;
            }
        }

        // 60 changes over the burst; without the throttle there would be one push per change.
        Assert.InRange(pushes, 1, (int)Math.Ceiling(seconds) + 2);
    }
}
