namespace SecureWatch.Functions.Hosting;

public static class SecureWatchApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        return app;
    }
}
