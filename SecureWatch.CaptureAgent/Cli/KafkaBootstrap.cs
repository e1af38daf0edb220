using Microsoft.Extensions.Configuration;
using SecureWatch.Core.Kafka;

namespace SecureWatch.CaptureAgent.Cli;

/// <summary>
/// Where the agent finds Kafka: --bootstrap-servers, else the environment (Kafka__BootstrapServers, with the other
/// Kafka__* settings such as SASL credentials), else the bootstrap file a SecureWatch host writes for its
/// embedded cluster (SecureWatch:DataDirectory/kafka-bootstrap).
/// </summary>
internal static class KafkaBootstrap
{
    public static KafkaOptions Resolve(string? bootstrapServers, string? bootstrapFile)
    {
        var options = KafkaOptions.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        if (!string.IsNullOrWhiteSpace(bootstrapServers))
        {
            return options with { BootstrapServers = bootstrapServers };
        }

        if (options.HasBootstrapServers || bootstrapFile is null)
        {
            return options;
        }

        string servers;
        try
        {
            servers = File.ReadAllText(bootstrapFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Cannot read the Kafka bootstrap file '{bootstrapFile}': {e.Message}", e);
        }

        return servers.Length > 0
            ? options with { BootstrapServers = servers }
            : throw new ArgumentException($"The Kafka bootstrap file '{bootstrapFile}' is empty.");
    }
}
