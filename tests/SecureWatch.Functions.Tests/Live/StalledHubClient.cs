using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecureWatch.Functions.Tests.Live;

/// <summary>
/// A hub client that negotiates, opens the WebSocket, completes the SignalR handshake and then never reads: its socket
/// buffers are small, so the server's writes to it soon stop completing. It keeps sending pings so that the server does
/// not time it out, as a client stuck on a slow link would.
/// </summary>
internal sealed class StalledHubClient : IAsyncDisposable
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pinging;

    private StalledHubClient(Socket socket, string connectionId)
    {
        _socket = socket;
        ConnectionId = connectionId;
        _pinging = Task.Run(PingAsync);
    }

    public string ConnectionId { get; }

    /// <param name="negotiate">Answers the hub's negotiate: the connection id, and the query that authenticates the WebSocket.</param>
    public static async Task<StalledHubClient> ConnectAsync(Uri hubUrl, Func<Task<(string ConnectionToken, string ConnectionId, string Query)>> negotiate)
    {
        var (connectionToken, connectionId, query) = await negotiate();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
        await socket.ConnectAsync(hubUrl.Host, hubUrl.Port);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {hubUrl.AbsolutePath}?id={Uri.EscapeDataString(connectionToken)}{query} HTTP/1.1\r\n" +
                      $"Host: {hubUrl.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var head = await ReadHeadAsync(socket);
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            socket.Dispose();
            throw new InvalidOperationException($"the hub refused the WebSocket: {head}");
        }

        await SendTextAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e");
        return new StalledHubClient(socket, connectionId);
    }

    /// <summary>POST {api}/negotiate with the API key in the header: the hub's address and an access token.</summary>
    public static async Task<(Uri HubUrl, string AccessToken)> AccessTokenAsync(Uri apiUrl, string key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/negotiate"));
        request.Headers.Add("x-functions-key", key);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (new Uri(body.GetProperty("url").GetString()!), body.GetProperty("accessToken").GetString()!);
    }

    /// <summary>The hub's own negotiate, authenticated by <paramref name="headers"/>.</summary>
    public static async Task<(string ConnectionToken, string ConnectionId)> NegotiateAsync(Uri hubUrl, IReadOnlyDictionary<string, string> headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hubUrl.AbsoluteUri.TrimEnd('/') + "/negotiate?negotiateVersion=1"));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("connectionToken").GetString()!, body.GetProperty("connectionId").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinging;
        _socket.Dispose();
        _stop.Dispose();
    }

    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await socket.ReceiveAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>One masked text frame (clients must mask), payload under 126 bytes.</summary>
    private static async Task SendTextAsync(Socket socket, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[6 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        RandomNumberGenerator.Fill(frame.AsSpan(2, 4));
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ frame[2 + (i % 4)]);
        }

        await socket.SendAsync(frame);
    }

    private async Task PingAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(PingInterval, _stop.Token);
                await SendTextAsync(_socket, "{\"type\":6}\u001e");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
