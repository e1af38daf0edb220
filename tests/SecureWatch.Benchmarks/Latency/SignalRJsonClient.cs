using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace SecureWatch.Benchmarks.Latency;

/// <summary>
/// A minimal SignalR client (JSON hub protocol over WebSockets) for measuring the live hub: each invocation record is
/// handed over as raw UTF-8 with the time it was read, without per-message dispatch or allocation. The .NET SignalR
/// client would add its own queueing and reflection to the figures (and is not in our package feed).
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int InvocationType = 1;
    private const int CloseType = 7;

    // The server drops a client silent for 30 s (ClientTimeoutInterval); pinging twice as often keeps a long run open.
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly SignalRInvocationHandler _onInvocation;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private SignalRJsonClient(ClientWebSocket socket, SignalRInvocationHandler onInvocation)
    {
        _socket = socket;
        _onInvocation = onInvocation;
    }

    /// <summary>Completes when the server closes the connection or reading fails (faulted then).</summary>
    public Task Receiving => _receiving;

    /// <param name="apiUrl">The API base, e.g. http://127.0.0.1:5000/api, whose /negotiate issues the hub's access token.</param>
    /// <param name="key">An API key, sent as the x-functions-key header to /negotiate only.</param>
    public static async Task<SignalRJsonClient> ConnectAsync(
        Uri apiUrl, string key, SignalRInvocationHandler onInvocation, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/negotiate"));
        tokenRequest.Headers.Add("x-functions-key", key);
        using var tokenResponse = await http.SendAsync(tokenRequest, cancellationToken);
        tokenResponse.EnsureSuccessStatusCode();
        var access = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var hubUrl = new Uri(access.GetProperty("url").GetString() ?? throw new InvalidOperationException("negotiate returned no url"));
        var accessToken = access.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("negotiate returned no accessToken");

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri(hubUrl.AbsoluteUri.TrimEnd('/') + "/negotiate?negotiateVersion=1"));
        negotiate.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(negotiate, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var connectionToken = body.GetProperty("connectionToken").GetString()
            ?? throw new InvalidOperationException("negotiate returned no connectionToken");

        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        var address = new UriBuilder(hubUrl)
        {
            Scheme = hubUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = "id=" + Uri.EscapeDataString(connectionToken),
        }.Uri;
        var client = new SignalRJsonClient(socket, onInvocation);
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            await client.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), cancellationToken);
            client._receiving = Task.Run(client.ReceiveAsync, CancellationToken.None);
            await client._handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            client._pinging = Task.Run(client.PingAsync, CancellationToken.None);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Closing is a courtesy; the socket is disposed either way.
            }
        }

        await Task.WhenAll(_receiving, _pinging).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
    }

    private Task SendAsync(byte[] record, CancellationToken cancellationToken) =>
        _socket.SendAsync(record, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task PingAsync()
    {
        var ping = "{\"type\":6}\u001e"u8.ToArray();
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token) && _socket.State == WebSocketState.Open)
            {
                await SendAsync(ping, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _handshake.TrySetException(new InvalidOperationException("the hub closed the connection during the handshake"));
                    return;
                }

                filled += result.Count;
                var consumed = Dispatch(buffer.AsSpan(0, filled), System.Diagnostics.Stopwatch.GetTimestamp());
                if (consumed < 0)
                {
                    return;
                }

                // A record may span WebSocket reads: keep the incomplete tail for the next one.
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _handshake.TrySetException(ex);
            throw;
        }
    }

    /// <returns>Bytes of complete records handled, or -1 when the server sent a close record.</returns>
    private int Dispatch(ReadOnlySpan<byte> received, long timestamp)
    {
        var consumed = 0;
        int end;
        while ((end = received[consumed..].IndexOf(RecordSeparator)) >= 0)
        {
            var record = received.Slice(consumed, end);
            consumed += end + 1;
            if (!_handshake.Task.IsCompleted)
            {
                // The handshake response is {} or {"error": "..."}.
                if (record.IndexOf("\"error\""u8) >= 0)
                {
                    _handshake.TrySetException(new InvalidOperationException(
                        "hub handshake refused: " + System.Text.Encoding.UTF8.GetString(record)));
                    return -1;
                }

                _handshake.TrySetResult();
                continue;
            }

            switch (MessageType(record))
            {
                case InvocationType:
                    _onInvocation(record, timestamp);
                    break;
                case CloseType:
                    return -1;
            }
        }

        return consumed;
    }

    private static int MessageType(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                return reader.GetInt32();
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }

        return 0;
    }
}
