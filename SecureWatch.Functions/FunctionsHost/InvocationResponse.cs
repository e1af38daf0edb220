using System.Text.Json.Nodes;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>The answer to a non-HTTP invocation: {"Outputs": {binding: value}, "Logs": [...], "ReturnValue": null}.</summary>
public sealed class InvocationResponse
{
    private readonly JsonObject outputs = [];
    private readonly JsonArray logs = [];

    public InvocationResponse Output(string bindingName, JsonNode value)
    {
        outputs[bindingName] = value;
        return this;
    }

    public InvocationResponse Log(string message)
    {
        logs.Add(message);
        return this;
    }

    public JsonObject ToJson() => new()
    {
        ["Outputs"] = outputs.DeepClone(),
        ["Logs"] = logs.DeepClone(),
        ["ReturnValue"] = null,
    };
}
