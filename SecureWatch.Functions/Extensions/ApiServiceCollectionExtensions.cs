using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureWatch.Core.Pipeline;
using SecureWatch.Functions.Agents;
using SecureWatch.Functions.Apis;
using SecureWatch.Functions.Problems;
using SecureWatch.Functions.Security;

namespace SecureWatch.Functions.Extensions;

public static class ApiServiceCollectionExtensions
{
    /// <summary>No API body needs more; larger bodies are refused with 413 before they are buffered.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IServiceCollection AddSecureWatchApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            // A misspelt field in a security setting must not be silently ignored.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // The web defaults read "IP_Address" as ip_address and let the last of two equal names win, so a body could
            // pass review with one value and be stored with another.
            options.SerializerOptions.PropertyNameCaseInsensitive = false;
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.Converters.Add(new StrictJsonObjectConverter());
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= ProblemDetailTexts.ForStatus(context.ProblemDetails.Status));
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<StatementTimeoutExceptionHandler>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiReadTimeout>();
        services.AddSingleton<CaptureAgentStore>();

        // The scoring pipeline registers its own dead-letter counts; an instance without it reports none.
        services.TryAddSingleton<IDeadLetterStatistics, EmptyDeadLetterStatistics>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.AdminKey = configuration[ApiKeyOptions.AdminKeySetting];
                options.AnalystKey = configuration[ApiKeyOptions.AnalystKeySetting];
                options.ReaderKey = configuration[ApiKeyOptions.ReaderKeySetting];
                options.AgentKey = configuration[ApiKeyOptions.AgentKeySetting];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<FailedApiKeyLimiter>();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = FailedApiKeyLimiter.Create();
            options.OnRejected = (rejected, cancellationToken) =>
                rejected.HttpContext.RequestServices.GetRequiredService<FailedApiKeyLimiter>().OnRejectedAsync(rejected, cancellationToken);
        });
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Reader, policy => policy.RequireRole(ApiRoles.Readers))
            .AddPolicy(ApiRoles.Analyst, policy => policy.RequireRole(ApiRoles.Analyst, ApiRoles.Admin))
            .AddPolicy(ApiRoles.Admin, policy => policy.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiRoles.PacketCaptureReader, policy => policy.RequireRole([.. ApiRoles.Readers, ApiRoles.Agent]))
            .AddPolicy(ApiRoles.AgentReporter, policy => policy.RequireRole(ApiRoles.Agent, ApiRoles.Admin));
        return services;
    }
}
