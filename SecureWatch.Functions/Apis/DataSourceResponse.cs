using System.Text.Json.Nodes;
using SecureWatch.Core.Persistence;

namespace SecureWatch.Functions.Apis;

public sealed record DataSourceResponse(
    string SourceName, bool IsEnabled, string Description, JsonObject ConfigParams, DateTimeOffset UpdatedAt)
{
    public static DataSourceResponse From(DataSourceConfig source) => new(
        source.SourceName,
        source.IsEnabled,
        source.Description,
        JsonNode.Parse(source.ConfigParams)!.AsObject(),
        source.UpdatedAt);
}
