using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecureWatch.Core.Agents;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>
/// The agent's calls to the SecureWatch API: reading the packet_capture data source and reporting heartbeats, with
/// one API key (the agent role allows exactly these two; reader or admin keys work too, admin for both). The key is
/// sent only to the address it was configured for: redirects are not followed (a 3xx would otherwise carry the key to whatever host
/// the answer names) and plain http:// is accepted only to loopback, where the key never crosses a network.
/// </summary>
internal sealed class ControlApiClient : IDisposable
{
    /// <summary>Environment variable holding the API key (an agent-role key is enough).</summary>
    public const string ApiKeyVariable = "SECUREWATCH_API_KEY";

    /// <summary>The command-line option naming the API, as errors should name it.</summary>
    public const string ControlUrlOption = "--control-url";

    private const string SourcePath = "api/v1/config/sources/packet_capture";

    private static readonly JsonSerializerOptions HeartbeatJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;

    /// <exception cref="ArgumentException">The address is plain http:// to a host other than loopback.</exception>
    public ControlApiClient(Uri controlUrl, string apiKey)
    {
        EnsureKeyStaysPrivate(controlUrl);
        var baseAddress = controlUrl.AbsoluteUri.EndsWith('/') ? controlUrl : new Uri(controlUrl.AbsoluteUri + "/");
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        _http.DefaultRequestHeaders.Add("x-functions-key", apiKey);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        SourceUrl = new Uri(baseAddress, SourcePath);
    }

    public Uri SourceUrl { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <exception cref="ArgumentException">The address is plain http:// to a host other than loopback.</exception>
    public static void EnsureKeyStaysPrivate(Uri controlUrl)
    {
        ArgumentNullException.ThrowIfNull(controlUrl);
        if (controlUrl.Scheme != Uri.UriSchemeHttps && !controlUrl.IsLoopback)
        {
            throw new ArgumentException(
                $"{ControlUrlOption} {controlUrl} would send the API key unencrypted to a host that is not loopback; use https:// " +
                "(plain http:// is accepted only for 127.0.0.1, ::1 and localhost).");
        }
    }

    /// <exception cref="HttpRequestException">The API could not be reached or refused the request.</exception>
    /// <exception cref="JsonException">The answer is not a data source.</exception>
    public async Task<PacketCaptureSourceSettings> GetAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(SourceUrl, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return PacketCaptureSourceSettings.Parse(json.RootElement);
    }

    /// <summary>POST api/v1/agents/{name}/heartbeat.</summary>
    /// <exception cref="HttpRequestException">The API could not be reached or refused the report.</exception>
    public async Task ReportAsync(string name, AgentHeartbeat report, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            $"api/v1/agents/{Uri.EscapeDataString(name)}/heartbeat", report, HeartbeatJson, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response);
    }

    public void Dispose() => _http.Dispose();

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            throw new HttpRequestException(
                $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: the API redirects to {response.Headers.Location?.ToString() ?? "(no Location)"}; " +
                $"redirects are not followed, so that the API key goes only to {ControlUrlOption}: give the final address there",
                null,
                response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $" (check {ApiKeyVariable}: an agent, reader or admin API key)"
                : "";
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{hint}", null, response.StatusCode);
        }
    }
}
