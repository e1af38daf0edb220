namespace SecureWatch.Functions.Problems;

/// <summary>
/// Reasons for the answers the framework produces on its own (routing, body limits, content negotiation),
/// which otherwise carry only a title.
/// </summary>
public static class ProblemDetailTexts
{
    public static string? ForStatus(int? status) => status switch
    {
        StatusCodes.Status404NotFound => "no resource at this path",
        StatusCodes.Status405MethodNotAllowed => "this path does not support the HTTP method",
        StatusCodes.Status413PayloadTooLarge => "request body is larger than the 64 KiB limit",
        StatusCodes.Status415UnsupportedMediaType => "send the body as application/json",
        _ => null,
    };
}
