using System.Security.Claims;

namespace SecureWatch.Functions.Security;

/// <summary>The name recorded as created_by and in audit_log: the API key's configured name.</summary>
public static class ApiActor
{
    public static string Of(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
