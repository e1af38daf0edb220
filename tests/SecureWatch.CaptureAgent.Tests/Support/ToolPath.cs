namespace SecureWatch.CaptureAgent.Tests.Support;

internal static class ToolPath
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }
}
