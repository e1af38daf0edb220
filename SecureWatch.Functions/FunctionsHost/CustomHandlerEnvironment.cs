namespace SecureWatch.Functions.FunctionsHost;

/// <summary>
/// Azure Functions starts a custom handler with FUNCTIONS_CUSTOMHANDLER_PORT and forwards every invocation to
/// that port; its presence is what switches this process from standalone to custom-handler mode.
/// </summary>
public static class CustomHandlerEnvironment
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static bool TryGetPort(IConfiguration configuration, out int port) =>
        int.TryParse(configuration[PortVariable], out port) && port is > 0 and <= 65535;

    public static bool IsCustomHandler(IConfiguration configuration) => TryGetPort(configuration, out _);
}
