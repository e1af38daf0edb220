using System.Globalization;
using System.Net;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>
/// GET /api/v1/traffic over rows written straight into traffic_data. Each test uses its own data_source so that
/// rows of other tests in the shared database never match.
/// </summary>
public sealed class TrafficApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddMinutes(-5);

    [Fact]
    public async Task Pages_walk_every_row_once_newest_first_even_with_equal_timestamps()
    {
        // Three rows share each timestamp, so the cursor has to break ties on id.
        var rows = Enumerable.Range(0, 25)
            .Select(i => new TrafficRows.Row(Base.AddSeconds(-(i / 3)), DataSource: "paging_test"))
            .ToArray();
        var ids = await TrafficRows.InsertAsync(fixture.Database.ConnectionString, rows);
        var expected = ids.Zip(rows, (id, row) => (id, row.ReceivedAt))
            .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.id).Select(r => r.id).ToList();

        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);
        var seen = new List<long>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/traffic?data_source=paging_test&limit=7" + (cursor is null ? "" : "&cursor=" + cursor);
            var page = await GetJsonAsync(client, url);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            pageSizes.Add(items.Count);
            seen.AddRange(items.Select(item => item.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([7, 7, 7, 4], pageSizes);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Default_page_holds_100_rows()
    {
        var rows = Enumerable.Range(0, 101).Select(i => new TrafficRows.Row(Base.AddMilliseconds(-i), DataSource: "default_limit")).ToArray();
        await TrafficRows.InsertAsync(fixture.Database.ConnectionString, rows);
        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);

        var page = await GetJsonAsync(client, "/api/v1/traffic?data_source=default_limit");

        Assert.Equal(100, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Filters_select_exactly_the_matching_rows()
    {
        TrafficRows.Row[] rows =
        [
            new(Base.AddMinutes(-1), "filter_test", true, "dos", "198.51.100.7"),
            new(Base.AddMinutes(-2), "filter_test", false, "normal", "198.51.100.200"),
            new(Base.AddMinutes(-3), "filter_test", true, "probe", "203.0.113.5"),
            new(Base.AddMinutes(-4), "filter_test", true, "probe", "198.51.100.9"),
            new(Base.AddMinutes(-5), "filter_test", false, "normal", "2001:db8::5"),
            new(Base.AddMinutes(-6), "filter_test", true, "r2l", null),
            new(Base.AddMinutes(-7), "other_source", true, "dos", "198.51.100.7"),
        ];
        var ids = await TrafficRows.InsertAsync(fixture.Database.ConnectionString, rows);
        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);

        async Task AssertSelects(string query, params int[] expectedIndexes)
        {
            var page = await GetJsonAsync(client, "/api/v1/traffic?data_source=filter_test&" + query);
            var actual = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
            Assert.True(expectedIndexes.Select(i => ids[i]).SequenceEqual(actual), $"{query}: got ids {string.Join(",", actual)}");
        }

        await AssertSelects("is_attack=true", 0, 2, 3, 5);
        await AssertSelects("is_attack=false", 1, 4);
        await AssertSelects("category=probe", 2, 3);
        await AssertSelects("sender_ip=198.51.100.0/24", 0, 1, 3);
        await AssertSelects("sender_ip=198.51.100.7", 0);
        await AssertSelects("sender_ip=2001:db8::5", 4);
        await AssertSelects("sender_ip=2001:db8::/32", 4);
        await AssertSelects("since=" + Stamp(Base.AddMinutes(-4)) + "&until=" + Stamp(Base.AddMinutes(-2)), 2, 3);
        await AssertSelects("is_attack=true&category=probe&sender_ip=198.51.100.0/25", 3);
        await AssertSelects("category=u2r");

        var other = await GetJsonAsync(client, "/api/v1/traffic?data_source=other_source");
        Assert.Equal(ids[6], Assert.Single(other.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Sender_filter_finds_a_sender_whichever_way_the_address_or_the_stored_row_spells_it()
    {
        var ids = await TrafficRows.InsertAsync(fixture.Database.ConnectionString,
            new(Base.AddMinutes(-1), "spelling_test", SenderIp: "203.0.113.20"),
            new(Base.AddMinutes(-2), "spelling_test", SenderIp: "::ffff:203.0.113.21"),
            new(Base.AddMinutes(-3), "spelling_test", SenderIp: "2001:db8::20"));
        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);

        async Task AssertSelects(string senderIp, params int[] expectedIndexes)
        {
            var page = await GetJsonAsync(client, "/api/v1/traffic?data_source=spelling_test&sender_ip=" + Uri.EscapeDataString(senderIp));
            var actual = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
            Assert.True(expectedIndexes.Select(i => ids[i]).SequenceEqual(actual), $"{senderIp}: got ids {string.Join(",", actual)}");
        }

        await AssertSelects("203.0.113.20", 0);
        await AssertSelects("::ffff:203.0.113.20", 0);
        await AssertSelects("::FFFF:cb00:7114", 0);
        await AssertSelects("203.0.113.21", 1);
        await AssertSelects("203.0.113.0/24", 0, 1);
        await AssertSelects("::ffff:203.0.113.0/120", 0, 1);
        await AssertSelects("2001:0DB8:0::20", 2);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("is_attack=yes", "is_attack")]
    [InlineData("category=worm", "category")]
    [InlineData("sender_ip=10.0.0.1/33", "sender_ip")]
    [InlineData("sender_ip=010.0.0.1", "sender_ip")]
    [InlineData("sender_ip=fe80::1%25eth0", "sender_ip")]
    [InlineData("sender_ip=fe80::%251/64", "sender_ip")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2025-01-31", "until")]
    [InlineData("since=2025-02-01T00:00:00Z&until=2025-01-01T00:00:00Z", "until")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("data_source=Packet%20Capture", "data_source")]
    [InlineData("limit=5&limit=6", "limit")]
    [InlineData("categroy=dos", "categroy")]
    public async Task Invalid_filters_are_refused_with_the_parameter_and_reason(string query, string field)
    {
        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/traffic?" + query), HttpStatusCode.BadRequest);

        Assert.StartsWith(field + ": ", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_record_shows_flow_features_prediction_and_its_kafka_position()
    {
        var ids = await TrafficRows.InsertAsync(fixture.Database.ConnectionString,
            new TrafficRows.Row(Base, "detail_test", true, "dos", "198.51.100.7", "block_ip"));
        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);

        var record = await GetJsonAsync(client, $"/api/v1/traffic/{ids[0]}");

        Assert.Equal("detail_test", record.GetProperty("data_source").GetString());
        Assert.Equal("198.51.100.7", record.GetProperty("sender_ip").GetString());
        var flow = record.GetProperty("flow");
        Assert.Equal("10.1.2.3", flow.GetProperty("src_ip").GetString());
        Assert.Equal(443, flow.GetProperty("dst_port").GetInt32());
        Assert.Equal("tcp", flow.GetProperty("protocol").GetString());
        Assert.Equal("http", record.GetProperty("features").GetProperty("service").GetString());
        Assert.Equal(300, record.GetProperty("features").GetProperty("src_bytes").GetInt32());
        var prediction = record.GetProperty("prediction");
        Assert.True(prediction.GetProperty("is_attack").GetBoolean());
        Assert.Equal("dos", prediction.GetProperty("category").GetString());
        Assert.Equal("header28-test-1", prediction.GetProperty("model_version").GetString());
        Assert.Equal("block_ip", record.GetProperty("response_action").GetString());
        Assert.Equal("captured-traffic", record.GetProperty("kafka").GetProperty("topic").GetString());
        Assert.Empty(record.GetProperty("actions").EnumerateArray());
    }

    [Fact]
    public async Task Actions_decided_for_a_record_are_listed_with_it()
    {
        var connectionString = fixture.Database.ConnectionString;
        var ids = await TrafficRows.InsertAsync(connectionString, new TrafficRows.Row(Base, "actions_test", true, "dos"));
        const string columns = "(id, decided_at, rule_id, action, target, dry_run, category, attack_probability, traffic_id, traffic_received_at, event_id, data_source)";
        await TrafficRows.ExecuteAsync(connectionString,
            $"INSERT INTO response_actions {columns} VALUES " +
            $"(gen_random_uuid(), now(), 'r1', 'block_source', '198.51.100.9', true, 'dos', 0.9, {ids[0]}, now(), gen_random_uuid(), 'external_kafka'), " +
            $"(gen_random_uuid(), now(), 'r2', 'alert', '198.51.100.9', true, 'dos', 0.9, {ids[0] + 1000}, now(), gen_random_uuid(), 'external_kafka')");

        using var client = fixture.Host.CreateClient(RunningHost.ReaderKey);
        var record = await GetJsonAsync(client, $"/api/v1/traffic/{ids[0]}");

        var action = Assert.Single(record.GetProperty("actions").EnumerateArray());
        Assert.Equal("block_source", action.GetProperty("action").GetString());
        Assert.True(action.GetProperty("dry_run").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_record_is_404_and_the_api_needs_a_key()
    {
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);
        using var anonymous = fixture.Host.CreateClient(key: null);

        var missing = await ProblemAssert.IsProblemAsync(await reader.GetAsync("/api/v1/traffic/987654321"), HttpStatusCode.NotFound);
        Assert.Contains("987654321", ProblemAssert.Detail(missing), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/traffic"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/traffic/1"), HttpStatusCode.Unauthorized);
    }

    private static string Stamp(DateTimeOffset value) =>
        Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
