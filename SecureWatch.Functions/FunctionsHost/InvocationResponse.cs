using System.Text.Json.Nodes;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>The answer to a non-HTTP invocation: {"Outputs": {binding: value}, "Logs": [...], "ReturnValue": null}.</summary>
public sealed class InvocationResponse
{
    private readonly JsonObject _outputs = [];
    private readonly JsonArray _logs = [];

    public InvocationResponse Output(string bindingName, JsonNode value)
    {
        _outputs[bindingName] = value;
        return this;
    }

    public InvocationResponse Log(string message)
    {
        _logs.Add(message);
        return this;
    }

    public JsonObject ToJson() => new()
    {
        ["Outputs"] = _outputs.DeepClone(),
        ["Logs"] = _logs.DeepClone(),
        ["ReturnValue"] = null,
    };
}
