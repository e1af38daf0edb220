using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using SecureWatch.Functions.Apis;

namespace SecureWatch.Functions.Problems;

/// <summary>
/// A read cancelled by its statement timeout is the server declining an expensive query, not a fault: it answers
/// 503 problem+json saying how to narrow the query, instead of a bare 500.
/// </summary>
public sealed class StatementTimeoutExceptionHandler(IProblemDetailsService problemDetails, ApiReadTimeout timeout) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested || !IsStatementTimeout(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Query took too long",
                Detail = $"the query ran longer than the {timeout.Seconds:0.###} s statement timeout "
                    + $"({ApiOptions.SectionName}:{nameof(ApiOptions.StatementTimeoutSeconds)}) and was cancelled; "
                    + "narrow the time window (since/until, window) or add filters",
            },
        });
    }

    private static bool IsStatementTimeout(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
            {
                return true;
            }
        }

        return false;
    }
}
