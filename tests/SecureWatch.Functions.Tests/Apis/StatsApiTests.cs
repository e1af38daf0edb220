using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>GET /api/v1/stats on a database of its own (the counts cover every row), with dead-letter counts.</summary>
public sealed class StatsApiTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RunningHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await RunningHost.StartAsync(_database.ConnectionString, services: services =>
            services.AddSingleton<IDeadLetterStatistics>(new FixedDeadLetters()));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Counts_cover_only_the_window_by_source_category_and_attack()
    {
        var now = DateTimeOffset.UtcNow;
        await TrafficRows.InsertAsync(_database.ConnectionString,
            new(now.AddMinutes(-1), "packet_capture", true, "dos"),
            new(now.AddMinutes(-2), "packet_capture", false, "normal"),
            new(now.AddMinutes(-3), "external_provider", true, "probe"),
            new(now.AddMinutes(-30), "external_provider", true, "r2l"),
            new(now.AddHours(-5), "packet_capture", false, "normal"),
            new(now.AddDays(-3), "packet_capture", true, "u2r"));
        using var client = _host.CreateClient(RunningHost.ReaderKey);

        var recent = await GetStatsAsync(client, "15m");
        Assert.Equal("15m", recent.GetProperty("window").GetString());
        Assert.Equal(3, recent.GetProperty("total").GetInt64());
        Assert.Equal(2, recent.GetProperty("attacks").GetInt64());
        var capture = recent.GetProperty("by_data_source").GetProperty("packet_capture");
        Assert.Equal(2, capture.GetProperty("total").GetInt64());
        Assert.Equal(1, capture.GetProperty("attacks").GetInt64());
        var categories = recent.GetProperty("by_category");
        Assert.Equal(1, categories.GetProperty("dos").GetInt64());
        Assert.Equal(1, categories.GetProperty("probe").GetInt64());
        Assert.Equal(0, categories.GetProperty("u2r").GetInt64());

        var day = await GetStatsAsync(client, "24h");
        Assert.Equal(5, day.GetProperty("total").GetInt64());
        Assert.Equal(2, day.GetProperty("by_data_source").GetProperty("external_provider").GetProperty("attacks").GetInt64());
        Assert.Equal(2, day.GetProperty("by_category").GetProperty("normal").GetInt64());

        var week = await GetStatsAsync(client, "7d");
        Assert.Equal(6, week.GetProperty("total").GetInt64());
        Assert.Equal(1, week.GetProperty("by_category").GetProperty("u2r").GetInt64());

        var defaultWindow = await GetStatsAsync(client, null);
        Assert.Equal("1h", defaultWindow.GetProperty("window").GetString());
        Assert.Equal(4, defaultWindow.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Dead_letter_counts_come_from_the_pipeline_statistics()
    {
        using var client = _host.CreateClient(RunningHost.ReaderKey);

        var stats = await GetStatsAsync(client, "1h");

        var reasons = stats.GetProperty("dead_letters_by_reason");
        Assert.Equal(3, reasons.GetProperty("invalid_json").GetInt64());
        Assert.Equal(1, reasons.GetProperty("unknown_feature_set").GetInt64());
    }

    [Theory]
    [InlineData("window=0m")]
    [InlineData("window=31d")]
    [InlineData("window=1w")]
    [InlineData("window=-1h")]
    [InlineData("window=")]
    [InlineData("window=1h&window=2h")]
    [InlineData("windw=1h")]
    public async Task Invalid_windows_are_refused_with_a_reason(string query)
    {
        using var client = _host.CreateClient(RunningHost.ReaderKey);

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/stats?" + query), HttpStatusCode.BadRequest);

        Assert.Contains("window", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetStatsAsync(HttpClient client, string? window)
    {
        var response = await client.GetAsync(window is null ? "/api/v1/stats" : "/api/v1/stats?window=" + window);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private sealed class FixedDeadLetters : IDeadLetterStatistics
    {
        public IReadOnlyDictionary<string, long> CountsByReason { get; } =
            new Dictionary<string, long> { ["invalid_json"] = 3, ["unknown_feature_set"] = 1 };
    }
}
