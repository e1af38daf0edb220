using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureWatch.Functions.Security;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>Key guessing is bounded per client address; weak keys never get as far as serving.</summary>
public sealed class FailedApiKeyLimitTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Eleventh_failed_key_in_a_minute_is_429_while_valid_keys_keep_working()
    {
        var logs = new CapturedLogs();
        await using var host = await StartAsync(logs);
        using var guesser = host.CreateClient("not-the-key-0123456789abcdef0123456789");
        using var reader = host.CreateClient(RunningHost.ReaderKey);

        for (var i = 0; i < FailedApiKeyLimiter.PermitLimit; i++)
        {
            await ProblemAssert.IsProblemAsync(await guesser.GetAsync("/api/v1/config/sources"), HttpStatusCode.Unauthorized);
        }

        var limited = await guesser.GetAsync("/api/v1/config/sources");
        var problem = await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Contains("invalid API keys", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {limited.Headers.RetryAfter}");

        // A guess on an anonymous endpoint (health tells a valid key by its details) is refused the same way.
        await ProblemAssert.IsProblemAsync(await guesser.GetAsync("/api/v1/health"), HttpStatusCode.TooManyRequests);
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsProblemAsync(await guesser.GetAsync("/api/v1/traffic"), HttpStatusCode.TooManyRequests);
        }

        // The same address with a valid key, or with none, is not limited.
        for (var i = 0; i < 2 * FailedApiKeyLimiter.PermitLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/config/sources")).StatusCode);
        }

        using var anonymous = host.CreateClient(key: null);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/config/sources"), HttpStatusCode.Unauthorized);

        var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Category.Contains("FailedApiKey", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("127.0.0.1", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SECUREWATCH_ADMIN_KEY")]
    [InlineData("SECUREWATCH_READER_KEY")]
    [InlineData("SECUREWATCH_AGENT_KEY")]
    public async Task A_key_shorter_than_32_characters_stops_start_up_naming_the_setting(string setting)
    {
        const string shortKey = "short-key-0123456789abcdef01234";
        Assert.Equal(31, shortKey.Length);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RunningHost.StartAsync(_database.ConnectionString, new Dictionary<string, string?> { [setting] = shortKey }));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
        Assert.Contains("32", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_key_hash_that_is_not_sha256_stops_start_up()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RunningHost.StartAsync(_database.ConnectionString, new Dictionary<string, string?>
            {
                ["ApiKeys:Keys:0:Name"] = "dashboard",
                ["ApiKeys:Keys:0:Role"] = "reader",
                ["ApiKeys:Keys:0:Sha256"] = "abc123",
            }));

        Assert.Contains("'dashboard'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", failure.Message, StringComparison.Ordinal);
    }

    private Task<RunningHost> StartAsync(CapturedLogs logs) =>
        RunningHost.StartAsync(_database.ConnectionString, services: s => s.AddSingleton<ILoggerProvider>(logs));
}
