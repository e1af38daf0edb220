using System.Text.Json;

namespace SecureWatch.Functions.FunctionsHost;

/// <summary>Writes one folder with a function.json per function into a function app root.</summary>
public static class FunctionManifestWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string appRoot, IReadOnlyList<FunctionDefinition> functions)
    {
        Directory.CreateDirectory(appRoot);
        var names = functions.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // A function removed from the app must not linger in a reused publish folder.
        foreach (var stale in Directory.EnumerateFiles(appRoot, "function.json", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(stale)!;
            if (!names.Contains(Path.GetFileName(folder)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        foreach (var function in functions)
        {
            var folder = Path.Combine(appRoot, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), function.ToFunctionJson().ToJsonString(Indented) + "\n");
        }
    }
}
