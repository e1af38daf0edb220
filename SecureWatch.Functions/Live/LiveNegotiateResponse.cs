using System.Text.Json.Serialization;

namespace SecureWatch.Functions.Live;

/// <summary>
/// SignalR's redirect answer to negotiate, as Azure SignalR Service gives it: the client connects to Url with
/// AccessToken. The names are fixed by the SignalR clients, whatever the API's naming policy.
/// </summary>
public sealed record LiveNegotiateResponse(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("accessToken")] string AccessToken);
