using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Functions.Tests.Live;
using static Microsoft.Playwright.Assertions;

namespace SecureWatch.Functions.Tests.Ui;

/// <summary>
/// The web UI in headless Chromium against a running host: key entry, settings changes, live predictions from the
/// predictions topic and the dashboard. Screenshots of each page are left in /tmp for a person to look at.
/// </summary>
public sealed class WebUiTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    [Fact]
    public async Task An_operator_enters_the_key_changes_settings_and_watches_predictions_arrive()
    {
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var failedRequests = new List<string>();
        var policyViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                policyViolations.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failedRequests.Add($"{response.Status} {new Uri(response.Url).PathAndQuery}");
            }
        };

        // The key is asked for once; a wrong one is refused with a reason.
        await page.GotoAsync(new Uri(fixture.Host.Address, "/settings.html").ToString());
        await page.FillAsync("#key-form input", "not-a-key");
        await page.ClickAsync("#key-form button");
        await Expect(page.Locator("#key-form .error")).ToHaveTextAsync("This key is not valid.");
        await page.FillAsync("#key-form input", RunningHost.AdminKey);
        await page.ClickAsync("#key-form button");

        // Settings: enable packet capture and whitelist a partner network.
        var captureToggle = page.Locator(".source[data-source='packet_capture'] input[type='checkbox']");
        await Expect(captureToggle).Not.ToBeCheckedAsync();
        await captureToggle.CheckAsync();
        await Expect(page.Locator("#settings-status")).ToHaveTextAsync("packet_capture enabled");
        await page.FillAsync("#whitelist-form input[name='ip_address']", "203.0.113.0/24");
        await page.FillAsync("#whitelist-form input[name='description']", "partner feed");
        await page.ClickAsync("#whitelist-form button");
        await Expect(page.Locator("#whitelist tr[data-network='203.0.113.0/24']")).ToContainTextAsync("partner feed");

        // Turning provider signatures off is allowed, and the page says what it gives away.
        var external = page.Locator(".source[data-source='external_kafka']");
        await Expect(external.Locator(".signature-warning")).ToBeHiddenAsync();
        await external.Locator("textarea").FillAsync("""{"topic": "external-traffic", "require_signature": false}""");
        await external.Locator("button").ClickAsync();
        await Expect(page.Locator("#settings-status")).ToHaveTextAsync("external_kafka parameters saved");
        await Expect(external.Locator(".signature-warning")).ToBeVisibleAsync();
        await Expect(external.Locator(".signature-warning")).ToContainTextAsync("anyone who can write to this topic");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/securewatch-ui-settings.png", FullPage = true });

        using var api = fixture.Host.CreateClient(RunningHost.ReaderKey);
        var source = await api.GetFromJsonAsync<JsonElement>("/api/v1/config/sources/packet_capture");
        Assert.True(source.GetProperty("is_enabled").GetBoolean());
        var whitelist = await api.GetFromJsonAsync<JsonElement>("/api/v1/config/whitelist");
        var entry = Assert.Single(whitelist.EnumerateArray());
        Assert.Equal("203.0.113.0/24", entry.GetProperty("ip_address").GetString());
        Assert.Equal("admin", entry.GetProperty("created_by").GetString());

        // Live monitor: the key is remembered for the tab; predictions produced to Kafka appear, attacks highlighted.
        await page.ClickAsync("nav a[href='index.html']");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        var normal = LiveKafka.Prediction(trafficId: 7001, isAttack: false);
        var attack = LiveKafka.Prediction(trafficId: 7002, isAttack: true, category: "probe");
        await LiveKafka.ProduceAsync(fixture.Producer, normal);
        await LiveKafka.ProduceAsync(fixture.Producer, attack);
        var attackRow = page.Locator($"#predictions tr[data-event-id='{attack.EventId}']");
        await Expect(attackRow).ToHaveClassAsync("attack");
        await Expect(attackRow).ToContainTextAsync("probe");
        await Expect(page.Locator($"#predictions tr[data-event-id='{normal.EventId}']")).Not.ToHaveClassAsync("attack");
        await Expect(page.Locator("#count-attacks")).ToHaveTextAsync("1");

        // A source toggled elsewhere is announced on the monitor.
        using var admin = fixture.Host.CreateClient();
        await admin.PatchAsJsonAsync("/api/v1/config/sources/packet_capture", new { is_enabled = false });
        await Expect(page.Locator("#source-events")).ToContainTextAsync("packet_capture is now disabled");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/securewatch-ui-live.png", FullPage = true });

        // Dashboard: counts from traffic_data.
        var now = DateTimeOffset.UtcNow;
        await TrafficRows.InsertAsync(fixture.Database.ConnectionString,
            new(now.AddMinutes(-1), "packet_capture", true, "dos", "198.51.100.7", "block_ip"),
            new(now.AddMinutes(-2), "packet_capture", false, "normal"),
            new(now.AddMinutes(-3), "external_provider", true, "probe", "203.0.113.9"),
            new(now.AddMinutes(-4), "external_provider", false, "normal", "203.0.113.10"));
        await page.ClickAsync("nav a[href='dashboard.html']");
        await Expect(page.Locator("nav a[aria-current='page']")).ToHaveTextAsync("Dashboard");
        await Expect(page.Locator("#total")).ToHaveTextAsync("4");
        await Expect(page.Locator("#attacks")).ToHaveTextAsync("2");
        await Expect(page.Locator("#by-source")).ToContainTextAsync("external_provider");
        await Expect(page.Locator("#recent-attacks tr")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/securewatch-ui-dashboard.png", FullPage = true });

        // The only refused request is the wrong key's.
        Assert.Equal(["401 /api/v1/config/sources"], failedRequests);
        Assert.Empty(policyViolations);
    }
}
