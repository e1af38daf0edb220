using System.Text.Json.Nodes;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// The binding objects of function.json, with the property names the Functions host and its extensions read.
/// Kafka outputs use dataType "string": the host only base64-probes an output that is a single string, and the
/// scoring functions always return arrays, so message text is never mistaken for base64.
/// </summary>
public static class FunctionBindings
{
    public const string KafkaBrokersSetting = "KafkaBrokers";
    public const string SignalRConnectionSetting = "AzureSignalRConnectionString";
    public const string HubName = "securewatch";
    public const string ConsumerGroup = "securewatch";

    public static JsonObject HttpTrigger(string route, IEnumerable<string> methods, bool anonymous) => new()
    {
        ["type"] = "httpTrigger",
        ["direction"] = "in",
        ["name"] = "req",
        ["authLevel"] = anonymous ? "anonymous" : "function",
        ["route"] = route,
        ["methods"] = new JsonArray([.. methods.Select(m => (JsonNode)m.ToLowerInvariant())]),
    };

    public static JsonObject HttpOutput(string name = "res") => new()
    {
        ["type"] = "http",
        ["direction"] = "out",
        ["name"] = name,
    };

    public static JsonObject KafkaTrigger(string name, string topicExpression, KafkaBindingSecurity security) => WithSecurity(new()
    {
        ["type"] = "kafkaTrigger",
        ["direction"] = "in",
        ["name"] = name,
        ["brokerList"] = $"%{KafkaBrokersSetting}%",
        ["topic"] = topicExpression,
        ["consumerGroup"] = ConsumerGroup,
        ["cardinality"] = "MANY",
        ["dataType"] = "string",
        ["lagThreshold"] = 1000,
    }, security);

    public static JsonObject KafkaOutput(string name, string topicExpression, KafkaBindingSecurity security) => WithSecurity(new()
    {
        ["type"] = "kafka",
        ["direction"] = "out",
        ["name"] = name,
        ["brokerList"] = $"%{KafkaBrokersSetting}%",
        ["topic"] = topicExpression,
        ["dataType"] = "string",
    }, security);

    private static JsonObject WithSecurity(JsonObject binding, KafkaBindingSecurity security)
    {
        binding["authenticationMode"] = security.AuthenticationMode;
        binding["protocol"] = security.Protocol;
        if (security.UsesCredentials)
        {
            binding["username"] = "%KafkaUsername%";
            binding["password"] = "%KafkaPassword%";
        }

        if (security.SslCaLocation is { Length: > 0 } caLocation)
        {
            binding["sslCaLocation"] = caLocation;
        }

        return binding;
    }

    public static JsonObject SignalROutput(string name) => new()
    {
        ["type"] = "signalR",
        ["direction"] = "out",
        ["name"] = name,
        ["hubName"] = HubName,
        ["connectionStringSetting"] = SignalRConnectionSetting,
    };

    public static JsonObject SignalRConnectionInfo(string name) => new()
    {
        ["type"] = "signalRConnectionInfo",
        ["direction"] = "in",
        ["name"] = name,
        ["hubName"] = HubName,
        ["connectionStringSetting"] = SignalRConnectionSetting,
    };
}
