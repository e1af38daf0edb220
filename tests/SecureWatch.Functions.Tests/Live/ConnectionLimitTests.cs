using System.Net;
using System.Net.WebSockets;
using System.Text;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>One API key holds at most 20 live connections (Live:MaxConnectionsPerKey) on an instance.</summary>
public sealed class ConnectionLimitTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    private const int Limit = 20;

    [Fact]
    public async Task The_21st_connection_with_one_key_is_refused_and_counted_and_other_keys_are_unaffected()
    {
        var apiUrl = LiveKafka.ApiUrl(fixture.Host);
        var hubUrl = LiveKafka.HubUrl(fixture.Host);
        // Issued while there was room: it reaches the hub, which must refuse it there.
        var (_, earlyToken) = await StalledHubClient.AccessTokenAsync(apiUrl, RunningHost.ReaderKey);
        var held = new List<StalledHubClient>();
        try
        {
            for (var i = 0; i < Limit; i++)
            {
                held.Add(await StalledHubClient.ConnectAsync(hubUrl, TokenNegotiation(apiUrl)));
            }

            await LiveKafka.WaitForRelayAsync(fixture.Host, r => r.GetProperty("connections").GetInt32() == Limit, $"{Limit} connections");

            using var reader = fixture.Host.CreateClient(RunningHost.ReaderKey);
            var refused = await reader.PostAsync(new Uri("/api/negotiate", UriKind.Relative), null);
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Contains("Live:MaxConnectionsPerKey", ProblemAssert.Detail(problem), StringComparison.Ordinal);

            var closeReason = await ConnectAndReadCloseAsync(hubUrl, earlyToken);
            Assert.Contains("20 live connections", closeReason, StringComparison.Ordinal);
            Assert.DoesNotContain("\"allowReconnect\":true", closeReason, StringComparison.Ordinal);

            await using (await SignalRNodeClient.ConnectAsync(apiUrl, RunningHost.AdminKey))
            {
            }

            var relay = await LiveKafka.WaitForRelayAsync(fixture.Host, r => r.GetProperty("refused_connections").GetInt64() >= 2, "two refusals");
            Assert.Equal(2, relay.GetProperty("refused_connections").GetInt64());

            // Closing one frees its place.
            await held[0].DisposeAsync();
            held.RemoveAt(0);
            await LiveKafka.WaitForRelayAsync(fixture.Host, r => r.GetProperty("connections").GetInt32() == Limit - 1, "a freed place");
            await using var again = await SignalRNodeClient.ConnectAsync(apiUrl, RunningHost.ReaderKey);
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static Func<Task<(string, string, string)>> TokenNegotiation(Uri apiUrl) => async () =>
    {
        var (hubUrl, token) = await StalledHubClient.AccessTokenAsync(apiUrl, RunningHost.ReaderKey);
        var (connectionToken, id) = await StalledHubClient.NegotiateAsync(hubUrl, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });
        return (connectionToken, id, "&access_token=" + Uri.EscapeDataString(token));
    };

    /// <summary>Connects with the token, completes the handshake and returns the server's close message.</summary>
    private static async Task<string> ConnectAndReadCloseAsync(Uri hubUrl, string token)
    {
        var (connectionToken, _) = await StalledHubClient.NegotiateAsync(hubUrl, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });
        using var socket = new ClientWebSocket();
        var address = new UriBuilder(hubUrl) { Scheme = "ws", Query = $"id={Uri.EscapeDataString(connectionToken)}&access_token={Uri.EscapeDataString(token)}" }.Uri;
        using var timeout = new CancellationTokenSource(SignalRNodeClient.Patience);
        await socket.ConnectAsync(address, timeout.Token);
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\"type\":7", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        return received.ToString();
    }
}
