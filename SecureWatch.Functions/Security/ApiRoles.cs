namespace SecureWatch.Functions.Security;

/// <summary>
/// Readers may call every GET; analysts may also change alerts; admins may call everything. The role names are also
/// the policy names.
/// </summary>
public static class ApiRoles
{
    public const string Reader = "reader";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
}
