using System.CommandLine;
using Microsoft.AspNetCore.Routing;
using SecureWatch.Functions.FunctionsHost;
using SecureWatch.Functions.Hosting;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>functions-manifest --out DIR</c>: writes a function.json per function into DIR (a function app root).
/// Run by the publish target; it builds the host's endpoint table without starting anything.
/// </summary>
internal static class FunctionsManifestCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The function app root to write into.", Required = true };
        var command = new Command("functions-manifest", "Generate the Azure Functions function.json files.") { output };
        command.SetAction(parseResult =>
        {
            var app = SecureWatchApp.Build([], builder =>
                builder.Configuration["ConnectionStrings:SecureWatch"] ??= "Host=manifest-generation-only");
            var security = KafkaBindingSecurity.FromConfiguration(app.Configuration);
            var functions = FunctionCatalog.Build(((IEndpointRouteBuilder)app).DataSources, security);
            var root = parseResult.GetValue(output)!.FullName;
            FunctionManifestWriter.Write(root, functions);
            Console.WriteLine($"wrote {functions.Count} functions to {root}");
            return 0;
        });
        return command;
    }
}
