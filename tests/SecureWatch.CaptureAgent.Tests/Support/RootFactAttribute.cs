namespace SecureWatch.CaptureAgent.Tests.Support;

/// <summary>A test that needs root (network namespaces, raw sockets) and the given command-line tools.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(params string[] tools)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root: creates network namespaces and captures packets.";
            return;
        }

        var missing = tools.Where(tool => ToolPath.Find(tool) is null).ToArray();
        if (missing.Length > 0)
        {
            Skip = $"Needs {string.Join(", ", missing)} on PATH.";
        }
    }
}
