using System.Text.Json.Nodes;

namespace SecureWatch.Functions.Apis;

/// <summary>
/// PATCH body for a source. config_params is a JSON merge patch (RFC 7396) over the stored parameters:
/// keys given replace, null removes, keys not given stay.
/// </summary>
public sealed record DataSourceUpdateRequest(bool? IsEnabled, JsonObject? ConfigParams);
