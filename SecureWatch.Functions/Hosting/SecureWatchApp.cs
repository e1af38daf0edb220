using SecureWatch.Core.Persistence;
using SecureWatch.Core.Whitelist;
using SecureWatch.Functions.Extensions;

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
        builder.Services
            .AddSecureWatchPersistence(builder.Configuration)
            .AddSecureWatchWhitelist()
            .AddSecureWatchApi()
            .AddSecureWatchLive(builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSecureWatchApi();
        app.MapSecureWatchLive();
        return app;
    }
}
