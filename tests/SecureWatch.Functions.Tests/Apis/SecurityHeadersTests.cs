using System.Net;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>Every answer, UI page, API result or problem, carries the browser hardening headers.</summary>
public sealed class SecurityHeadersTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Policy = "default-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'";

    [Theory]
    [InlineData("/")]
    [InlineData("/settings.html")]
    [InlineData("/js/api.js")]
    public async Task Ui_files_carry_the_content_security_policy(string path)
    {
        using var anonymous = fixture.Host.CreateClient(key: null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertBrowserHeaders(response);
    }

    [Fact]
    public async Task Api_result_is_not_stored_by_caches()
    {
        using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);

        var response = await reader.GetAsync("/api/v1/config/sources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertBrowserHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Theory]
    [InlineData(null, "/api/v1/config/sources", HttpStatusCode.Unauthorized)]
    [InlineData(RunningHost.ReaderKey, "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData(RunningHost.ReaderKey, "/api/v1/traffic?limit=0", HttpStatusCode.BadRequest)]
    public async Task Problem_answers_carry_the_headers(string? key, string path, HttpStatusCode status)
    {
        using var client = fixture.Host.CreateClient(key);

        var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, status);
        AssertBrowserHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    private static void AssertBrowserHeaders(HttpResponseMessage response)
    {
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith(Policy, policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
