using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Apis;

public sealed class WhitelistApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Path = "/api/v1/config/whitelist";

    private readonly HttpClient _admin = fixture.Host.CreateClient();

    [Fact]
    public async Task Entry_round_trips_through_create_read_update_delete()
    {
        var created = await _admin.PostAsJsonAsync(Path, new { ip_address = "198.51.100.0/24", description = "partner A" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = entry.GetProperty("id").GetInt64();
        Assert.Equal($"{Path}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("198.51.100.0/24", entry.GetProperty("ip_address").GetString());
        Assert.True(entry.GetProperty("is_active").GetBoolean());
        Assert.Equal("admin", entry.GetProperty("created_by").GetString());

        var read = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/{id}");
        Assert.Equal("partner A", read.GetProperty("description").GetString());

        var patched = await _admin.PatchAsJsonAsync($"{Path}/{id}", new { description = "partner A (paused)", is_active = false });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var afterPatch = await _admin.GetFromJsonAsync<JsonElement>($"{Path}/{id}");
        Assert.False(afterPatch.GetProperty("is_active").GetBoolean());
        Assert.Equal("partner A (paused)", afterPatch.GetProperty("description").GetString());
        Assert.Equal("198.51.100.0/24", afterPatch.GetProperty("ip_address").GetString());

        var activeOnly = await _admin.GetFromJsonAsync<JsonElement>($"{Path}?active_only=true");
        Assert.DoesNotContain(activeOnly.EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
        var all = await _admin.GetFromJsonAsync<JsonElement>(Path);
        Assert.Contains(all.EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await _admin.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _admin.DeleteAsync($"{Path}/{id}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("1", "")]
    [InlineData("01.2.3.4", "leading zero")]
    [InlineData("256.1.1.1", "")]
    [InlineData("10.0.0.1/33", "prefix")]
    [InlineData("10.0.0.1/24", "10.0.0.0/24")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("fe80::1%eth0", "zone")]
    [InlineData("2001:db8::/129", "prefix")]
    [InlineData(" 10.0.0.1", "")]
    public async Task Invalid_address_is_rejected_with_its_reason(string address, string reasonMentions)
    {
        var response = await _admin.PostAsJsonAsync(Path, new { ip_address = address });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var reason = problem.GetProperty("errors").GetProperty("ip_address")[0].GetString()!;
        Assert.NotEmpty(reason);
        Assert.Contains(reasonMentions, reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Missing_address_and_overlong_description_are_rejected()
    {
        var missing = await ProblemAssert.IsProblemAsync(
            await _admin.PostAsJsonAsync(Path, new { description = "no address" }), HttpStatusCode.BadRequest);
        Assert.Contains("ip_address", ProblemAssert.Detail(missing), StringComparison.Ordinal);

        var overlong = await ProblemAssert.IsProblemAsync(
            await _admin.PostAsJsonAsync(Path, new { ip_address = "192.0.2.77", description = new string('x', 501) }),
            HttpStatusCode.BadRequest);
        Assert.Contains("500", ProblemAssert.Detail(overlong), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("10.0.0.0/7")]
    [InlineData("::ffff:0.0.0.0/96")]
    [InlineData("::/0")]
    [InlineData("2000::/15")]
    public async Task Network_wider_than_a_slash_8_or_slash_16_needs_allow_wide(string network)
    {
        var refused = await ProblemAssert.IsProblemAsync(
            await _admin.PostAsJsonAsync(Path, new { ip_address = network }), HttpStatusCode.BadRequest);
        Assert.Contains("allow_wide", ProblemAssert.Detail(refused), StringComparison.Ordinal);
        var entries = await _admin.GetFromJsonAsync<JsonElement>(Path);
        Assert.DoesNotContain(entries.EnumerateArray(), e => e.GetProperty("ip_address").GetString() == network);

        var narrow = await CreateAsync("192.0.2.240");
        await ProblemAssert.IsProblemAsync(
            await _admin.PatchAsJsonAsync($"{Path}/{narrow}", new { ip_address = network }), HttpStatusCode.BadRequest);

        var widened = await _admin.PatchAsJsonAsync($"{Path}/{narrow}", new { ip_address = network, allow_wide = true });
        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        await _admin.DeleteAsync($"{Path}/{narrow}");

        var created = await _admin.PostAsJsonAsync(Path, new { ip_address = network, allow_wide = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await _admin.DeleteAsync($"{Path}/{(await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()}");
    }

    [Theory]
    [InlineData("2001:db8::1", "2001:0DB8:0:0::1")]
    [InlineData("192.0.2.10", "::ffff:192.0.2.10")]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    public async Task Equivalent_spelling_is_a_duplicate(string first, string second)
    {
        var created = await _admin.PostAsJsonAsync(Path, new { ip_address = first });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var problem = await ProblemAssert.IsProblemAsync(
            await _admin.PostAsJsonAsync(Path, new { ip_address = second }), HttpStatusCode.Conflict);
        Assert.Contains("already whitelisted", ProblemAssert.Detail(problem), StringComparison.Ordinal);

        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await _admin.DeleteAsync($"{Path}/{id}");
    }

    [Fact]
    public async Task Patch_onto_an_existing_network_is_a_conflict()
    {
        var a = await CreateAsync("192.0.2.200");
        var b = await CreateAsync("192.0.2.201");

        await ProblemAssert.IsProblemAsync(
            await _admin.PatchAsJsonAsync($"{Path}/{b}", new { ip_address = "192.0.2.200" }), HttpStatusCode.Conflict);

        await _admin.DeleteAsync($"{Path}/{a}");
        await _admin.DeleteAsync($"{Path}/{b}");
    }

    [Fact]
    public async Task Concurrent_creates_of_one_address_store_exactly_one_row()
    {
        using var start = new Barrier(20);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            using var client = fixture.Host.CreateClient();
            start.SignalAndWait();
            // Different spellings of one address, so the race is decided by canonical form, not text.
            var spelling = i % 2 == 0 ? "2001:db8:cafe::42" : "2001:0db8:CAFE:0::42";
            return await client.PostAsJsonAsync(Path, new { ip_address = spelling });
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var dataSource = fixture.Database.CreateDataSource();
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM ip_whitelist WHERE network = '2001:db8:cafe::42/128'");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Matcher_follows_active_entries_for_ipv4_ipv6_and_mapped_addresses()
    {
        var matcher = fixture.Host.GetRequiredService<WhitelistMatcher>();
        var v4 = await CreateAsync("100.64.0.0/10");
        var v6 = await CreateAsync("2001:db8:abcd::/48");
        var inactive = await CreateAsync("172.16.99.0/24", active: false);

        // Each insert is its own notification; wait until the reload that follows the last one.
        await Eventually(() => matcher.IsAllowed(IPAddress.Parse("100.127.255.255"))
            && matcher.IsAllowed(IPAddress.Parse("2001:db8:abcd::1")));
        Assert.True(matcher.IsAllowed(IPAddress.Parse("100.64.0.1")));
        Assert.False(matcher.IsAllowed(IPAddress.Parse("100.128.0.0")));
        Assert.True(matcher.IsAllowed(IPAddress.Parse("::ffff:100.100.1.2")));
        Assert.True(matcher.IsAllowed(IPAddress.Parse("2001:db8:abcd:ffff::1")));
        Assert.False(matcher.IsAllowed(IPAddress.Parse("2001:db8:abce::1")));
        Assert.False(matcher.IsAllowed(IPAddress.Parse("172.16.99.5")));

        await _admin.PatchAsJsonAsync($"{Path}/{inactive}", new { is_active = true });
        await Eventually(() => matcher.IsAllowed(IPAddress.Parse("172.16.99.5")));

        await _admin.DeleteAsync($"{Path}/{v4}");
        await Eventually(() => !matcher.IsAllowed(IPAddress.Parse("100.64.0.1")));

        await _admin.DeleteAsync($"{Path}/{v6}");
        await _admin.DeleteAsync($"{Path}/{inactive}");
    }

    [Fact]
    public async Task Every_mutation_writes_an_audit_row_with_actor_and_snapshots()
    {
        var id = await CreateAsync("192.0.2.123");
        await _admin.PatchAsJsonAsync($"{Path}/{id}", new { description = "audited" });
        await _admin.DeleteAsync($"{Path}/{id}");

        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand(
            "SELECT action, actor, before->>'description', after->>'description', after->>'ip_address' " +
            "FROM audit_log WHERE entity = 'ip_whitelist' AND entity_id = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = id.ToString() });
        var rows = new List<(string Action, string Actor, string? Before, string? After, string? Address)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        Assert.Equal(["create", "update", "delete"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal("admin", r.Actor));
        Assert.Equal((null, "", "192.0.2.123/32"), (rows[0].Before, rows[0].After, rows[0].Address));
        Assert.Equal(("", "audited"), (rows[1].Before, rows[1].After));
        Assert.Equal(("audited", null), (rows[2].Before, rows[2].After));
    }

    [Fact]
    public async Task A_signing_secret_is_refused_with_the_reason_when_no_secrets_key_is_configured()
    {
        var response = await _admin.PostAsJsonAsync(Path, new { ip_address = "192.0.2.201", signing_secret = "a-long-enough-secret" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("SECUREWATCH_SECRETS_KEY", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        Assert.Contains("signing_secret", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        var entries = await _admin.GetFromJsonAsync<JsonElement>(Path);
        Assert.DoesNotContain(entries.EnumerateArray(), e => e.GetProperty("ip_address").GetString() == "192.0.2.201/32");
        Assert.All(entries.EnumerateArray(), e => Assert.False(e.GetProperty("has_signing_secret").GetBoolean()));
    }

    private async Task<long> CreateAsync(string address, bool active = true)
    {
        var response = await _admin.PostAsJsonAsync(Path, new { ip_address = address, is_active = active });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 5 s");
            await Task.Delay(10);
        }
    }
}
