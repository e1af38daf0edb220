namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// Where the host keeps small runtime files (the embedded Kafka's bootstrap address): the setting
/// <c>SecureWatch:DataDirectory</c>, or a <c>.data</c> folder beside the executable, so several checkouts on one
/// machine never share state.
/// </summary>
public static class DataDirectory
{
    public const string Setting = "SecureWatch:DataDirectory";

    public const string BootstrapFileName = "kafka-bootstrap";

    public static string Resolve(IConfiguration configuration) =>
        configuration[Setting] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, ".data");

    public static string BootstrapFile(IConfiguration configuration) => Path.Combine(Resolve(configuration), BootstrapFileName);
}
