using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SecureWatch.Core.Persistence;
using SecureWatch.Functions.Live;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>The hub admits short-lived tokens from /api/negotiate only; an API key is never accepted in its URL.</summary>
public sealed class LiveAccessTokenTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    [Fact]
    public async Task The_issued_token_opens_the_hub_as_bearer_or_in_the_query_string()
    {
        var (hubUrl, token) = await StalledHubClient.AccessTokenAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.ReaderKey);

        Assert.Equal(HttpStatusCode.OK, await HubNegotiateAsync(bearer: token));
        Assert.Equal(HttpStatusCode.OK, await HubNegotiateAsync(query: token));
        await using var socket = await StalledHubClient.ConnectAsync(hubUrl, async () =>
        {
            var (connectionToken, id) = await StalledHubClient.NegotiateAsync(hubUrl, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });
            return (connectionToken, id, "&access_token=" + Uri.EscapeDataString(token));
        });
    }

    [Theory]
    [InlineData(RunningHost.AnalystKey)]
    [InlineData(RunningHost.AdminKey)]
    public async Task Every_key_that_may_read_may_listen(string key)
    {
        var (_, token) = await StalledHubClient.AccessTokenAsync(LiveKafka.ApiUrl(fixture.Host), key);

        Assert.Equal(HttpStatusCode.OK, await HubNegotiateAsync(bearer: token));
    }

    [Fact]
    public async Task A_capture_agent_key_may_not_listen()
    {
        using var agent = fixture.Host.CreateClient(RunningHost.AgentKey);

        using var response = await agent.PostAsync(LiveNegotiateEndpoint.Path, null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_raw_api_key_is_refused_by_the_hub_in_the_query_string_and_as_bearer()
    {
        var (hubUrl, token) = await StalledHubClient.AccessTokenAsync(LiveKafka.ApiUrl(fixture.Host), RunningHost.AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(query: RunningHost.AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(bearer: RunningHost.AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(header: RunningHost.AdminKey));
        // The WebSocket itself, on a connection negotiated with a genuine token, refuses the key in its URL.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StalledHubClient.ConnectAsync(hubUrl, async () =>
        {
            var (connectionToken, id) = await StalledHubClient.NegotiateAsync(hubUrl, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });
            return (connectionToken, id, "&access_token=" + Uri.EscapeDataString(RunningHost.AdminKey));
        }));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_tampered_or_foreign_token_is_refused()
    {
        var tokens = fixture.Host.GetRequiredService<LiveAccessTokens>();
        var expired = tokens.Issue("reader", "reader", DateTimeOffset.UtcNow.AddSeconds(-1));
        var genuine = tokens.Issue("reader", "reader");
        var tampered = (genuine[0] == 'e' ? "f" : "e") + genuine[1..];
        var foreign = new LiveAccessTokens(new SigningSecretProtector(new byte[32]), TimeProvider.System, Options.Create(new LiveOptions()))
            .Issue("reader", "admin");

        Assert.Equal(HttpStatusCode.OK, await HubNegotiateAsync(bearer: genuine));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(bearer: expired));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(query: expired));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(bearer: tampered));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubNegotiateAsync(bearer: foreign));
        Assert.Equal(TimeSpan.FromMinutes(5), tokens.Lifetime);
    }

    /// <summary>POST /api/live/negotiate with a credential in one place; the status code.</summary>
    private async Task<HttpStatusCode> HubNegotiateAsync(string? bearer = null, string? query = null, string? header = null)
    {
        using var client = fixture.Host.CreateClient(header);
        var path = $"{LiveHub.Path}/negotiate?negotiateVersion=1" + (query is null ? "" : "&access_token=" + Uri.EscapeDataString(query));
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
