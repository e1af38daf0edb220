namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// How the Functions host's Kafka bindings authenticate. The extension reads authenticationMode and protocol as
/// enum names, which %setting% expressions cannot supply, so they are fixed when the manifest is generated
/// (settings Kafka:AuthenticationMode and Kafka:Protocol at publish time). Username and password stay
/// %setting% expressions, resolved from app settings by the host.
/// </summary>
public sealed record KafkaBindingSecurity(string AuthenticationMode, string Protocol, string? SslCaLocation)
{
    public static readonly IReadOnlySet<string> AuthenticationModes =
        new HashSet<string>(StringComparer.Ordinal) { "NotSet", "Plain", "ScramSha256", "ScramSha512", "Gssapi" };

    public static readonly IReadOnlySet<string> Protocols =
        new HashSet<string>(StringComparer.Ordinal) { "NotSet", "Plaintext", "Ssl", "SaslPlaintext", "SaslSsl" };

    public static KafkaBindingSecurity None { get; } = new("NotSet", "NotSet", null);

    public bool UsesCredentials => AuthenticationMode != "NotSet";

    public static KafkaBindingSecurity FromConfiguration(IConfiguration configuration)
    {
        var mode = configuration["Kafka:AuthenticationMode"] ?? "NotSet";
        var protocol = configuration["Kafka:Protocol"] ?? "NotSet";
        if (!AuthenticationModes.Contains(mode))
        {
            throw new InvalidOperationException($"Kafka:AuthenticationMode '{mode}' is not one of {string.Join(", ", AuthenticationModes)}.");
        }

        if (!Protocols.Contains(protocol))
        {
            throw new InvalidOperationException($"Kafka:Protocol '{protocol}' is not one of {string.Join(", ", Protocols)}.");
        }

        return new KafkaBindingSecurity(mode, protocol, configuration["Kafka:SslCaLocation"]);
    }
}
