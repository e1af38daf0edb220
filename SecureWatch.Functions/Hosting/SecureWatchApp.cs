using System.Net;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Extensions;
using SecureWatch.Functions.FunctionsHost;

namespace SecureWatch.Functions.Hosting;

/// <summary>Builds the standalone host; tests build it the same way with their own configuration.</summary>
public static class SecureWatchApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings files live beside the executable, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        if (CustomHandlerEnvironment.TryGetPort(builder.Configuration, out var port))
        {
            // Functions images set ASPNETCORE_URLS for their own purposes; the host only ever calls this port on loopback.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        }

        builder.Services
            .AddSecureWatchPersistence(builder.Configuration)
            .AddSecureWatchWhitelist()
            .AddSecureWatchKafkaPipeline(builder.Configuration)
            .AddSecureWatchApi()
            .AddSecureWatchLive(builder.Configuration)
            .AddSecureWatchLogStreams();

        var app = builder.Build();
        app.UseSecureWatchSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        // After authentication, which marks failed keys: only those are counted and limited.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapSecureWatchApi();
        app.MapSecureWatchLive();
        if (CustomHandlerEnvironment.IsCustomHandler(app.Configuration))
        {
            app.MapFunctionsInvocationApi();
        }

        return app;
    }
}
