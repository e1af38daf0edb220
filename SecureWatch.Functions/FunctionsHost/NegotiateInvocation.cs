using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// negotiate has a signalRConnectionInfo input, so the host does not forward the client's request; it invokes us
/// with the connection info Azure SignalR Service issued and expects the HTTP answer in Outputs.res.
/// </summary>
public static class NegotiateInvocation
{
    public static InvocationResponse Handle(JsonElement invocation)
    {
        if (!InvocationValues.TryGetData(invocation, "connectionInfo", out var info) || info.ValueKind != JsonValueKind.Object
            || !TryGetString(info, "url", out var url) || !TryGetString(info, "accessToken", out var token))
        {
            return new InvocationResponse()
                .Output("res", HttpOutput(StatusCodes.Status503ServiceUnavailable, new JsonObject
                {
                    ["title"] = "Service Unavailable",
                    ["status"] = StatusCodes.Status503ServiceUnavailable,
                    ["detail"] = "the Functions host supplied no SignalR connection info; check AzureSignalRConnectionString",
                }, "application/problem+json"))
                .Log("negotiate: invocation carried no connectionInfo with url and accessToken");
        }

        return new InvocationResponse().Output("res", HttpOutput(StatusCodes.Status200OK,
            new JsonObject { ["url"] = url, ["accessToken"] = token }, "application/json"));
    }

    private static JsonObject HttpOutput(int status, JsonObject body, string contentType) => new()
    {
        ["statusCode"] = status,
        ["body"] = body,
        ["headers"] = new JsonObject { ["Content-Type"] = contentType },
    };

    private static bool TryGetString(JsonElement json, string name, out string value)
    {
        foreach (var property in json.EnumerateObject())
        {
            // Extensions serialise with Newtonsoft, whose casing differs between versions.
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                value = property.Value.GetString()!;
                return true;
            }
        }

        value = "";
        return false;
    }
}
