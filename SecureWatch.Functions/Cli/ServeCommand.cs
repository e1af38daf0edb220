using System.CommandLine;
using SecureWatch.Functions.Hosting;

namespace SecureWatch.Functions.Cli;

/// <summary>The default action: run the HTTP host. Unrecognised tokens go to ASP.NET Core configuration.</summary>
internal static class ServeCommand
{
    public static void Configure(RootCommand root)
    {
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = SecureWatchApp.Build([.. parseResult.UnmatchedTokens]);
            await app.RunAsync(cancellationToken);
            return 0;
        });
    }
}
