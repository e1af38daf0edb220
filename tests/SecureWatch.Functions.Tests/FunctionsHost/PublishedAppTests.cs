using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace SecureWatch.Functions.Tests.FunctionsHost;

/// <summary>`dotnet publish` must produce a function app root that `func start` can run as it is.</summary>
public sealed class PublishedAppTests
{
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Publish_folder_holds_host_json_every_function_and_the_executable()
    {
        var output = Directory.CreateTempSubdirectory("securewatch-publish-");
        try
        {
            var project = FunctionCatalogTests.RepositoryFile("SecureWatch.Functions/SecureWatch.Functions.csproj");
            var (exitCode, log) = await RunAsync("dotnet", $"publish \"{project}\" -c Release -o \"{output.FullName}\" --nologo -v q");
            Assert.True(exitCode == 0, log);

            var host = JsonNode.Parse(File.ReadAllText(Path.Combine(output.FullName, "host.json")))!;
            var executable = Path.Combine(output.FullName, (string)host["customHandler"]!["description"]!["defaultExecutablePath"]!);
            Assert.True(File.Exists(executable), $"{executable} missing");
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), "custom handler is not executable");
            Assert.True(File.Exists(Path.Combine(output.FullName, "appsettings.json")));

            var functions = Directory.GetDirectories(output.FullName)
                .Where(d => File.Exists(Path.Combine(d, "function.json")))
                .Select(Path.GetFileName)
                .ToHashSet(StringComparer.Ordinal);
            Assert.Contains("negotiate", functions);
            Assert.Contains("WebUi", functions);
            Assert.Contains("ApiHealth", functions);
            Assert.Contains("ApiConfigWhitelistById", functions);
            Assert.Contains("ScoreInternalTraffic", functions);
            Assert.Contains("ScoreExternalTraffic", functions);
            Assert.Contains("ScoreCapturedTraffic", functions);
            foreach (var function in functions)
            {
                var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output.FullName, function!, "function.json")))!;
                Assert.NotEmpty(json["bindings"]!.AsArray());
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string arguments)
    {
        using var process = ChildProcessGate.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
