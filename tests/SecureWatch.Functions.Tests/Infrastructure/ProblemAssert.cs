using System.Net;
using System.Text.Json;

namespace SecureWatch.Functions.Tests.Infrastructure;

internal static class ProblemAssert
{
    /// <summary>Asserts an RFC 7807 answer with the status, and returns its parsed body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The human-readable reason: detail, which names the field and the rule.</summary>
    public static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString() ?? "";
}
