using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace SecureWatch.Functions.Problems;

/// <summary>
/// Turns request-reading failures (malformed JSON, unknown fields, wrong content type, body over the limit)
/// into problem+json with the status the framework chose and a reason the caller can act on.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var status = badRequest.StatusCode;
        var detail = badRequest.InnerException is JsonException json
            ? $"invalid JSON body: {json.Message}"
            : ProblemDetailTexts.ForStatus(status) ?? badRequest.Message;
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}
