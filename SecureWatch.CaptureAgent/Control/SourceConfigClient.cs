using System.Net;
using System.Text.Json;

namespace SecureWatch.CaptureAgent.Control;

/// <summary>Reads the packet_capture data source from the SecureWatch API with a reader API key.</summary>
internal sealed class SourceConfigClient : IDisposable
{
    /// <summary>Environment variable holding the API key (reader role is enough).</summary>
    public const string ApiKeyVariable = "SECUREWATCH_API_KEY";

    private const string SourcePath = "api/v1/config/sources/packet_capture";

    private readonly HttpClient _http;

    public SourceConfigClient(Uri controlUrl, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(controlUrl);
        var baseAddress = controlUrl.AbsoluteUri.EndsWith('/') ? controlUrl : new Uri(controlUrl.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Add("x-functions-key", apiKey);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        SourceUrl = new Uri(baseAddress, SourcePath);
    }

    public Uri SourceUrl { get; }

    /// <exception cref="HttpRequestException">The API could not be reached or refused the request.</exception>
    /// <exception cref="JsonException">The answer is not a data source.</exception>
    public async Task<PacketCaptureSourceSettings> GetAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(SourceUrl, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $" (check {ApiKeyVariable}: a reader or admin API key)"
                : "";
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{hint}", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return PacketCaptureSourceSettings.Parse(json.RootElement);
    }

    public void Dispose() => _http.Dispose();
}
