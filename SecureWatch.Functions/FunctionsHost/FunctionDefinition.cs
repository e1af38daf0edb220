using System.Text.Json.Nodes;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>One function of the app: its folder name and the content of its function.json.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<JsonObject> Bindings, JsonObject? Retry = null)
{
    public JsonObject ToFunctionJson()
    {
        var json = new JsonObject
        {
            ["bindings"] = new JsonArray([.. Bindings.Select(b => (JsonNode)b.DeepClone())]),
        };
        if (Retry is not null)
        {
            json["retry"] = Retry.DeepClone();
        }

        return json;
    }
}
